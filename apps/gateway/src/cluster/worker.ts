// The worker side of a gateway cluster: announces its listeners, answers the primary's questions
// (readiness, plus any the caller adds) and hands its metrics registry to prom-client's cluster
// aggregation, so the primary's /metrics adds up every worker. The shutdown message is handled by
// main.ts, which listens for it before start-up so that a stop during start-up is not lost.
import { AggregatorRegistry } from "prom-client";
import { processReadiness } from "../admin/readiness";
import type { RunningGateway } from "../start-gateway";
import { isMessage, type AnswerMessage, type AskMessage, type ListeningMessage } from "./messages";

export type WorkerQuestions = Record<string, () => unknown>;

export interface ServeWorkerOptions {
  /** True once this worker is shutting down (readiness turns false). */
  draining(): boolean;
  /** Extra questions the primary may ask (the bench asks for flushes and memory). */
  questions?: WorkerQuestions;
}

function send(message: ListeningMessage | AnswerMessage): void {
  process.send?.(message);
}

export function serveAsWorker(gateway: RunningGateway, options: ServeWorkerOptions): void {
  // Constructing one installs prom-client's worker-side listener; setRegistries picks our registry.
  new AggregatorRegistry();
  AggregatorRegistry.setRegistries([gateway.services.metrics]);
  const questions: WorkerQuestions = {
    readiness: () => processReadiness({ db: gateway.services.db, recorder: () => gateway.services.recorder, draining: options.draining }),
    ...options.questions,
  };
  process.on("message", (raw: unknown) => {
    if (!isMessage<AskMessage>(raw, "airlock:ask")) return;
    const handler = questions[raw.question];
    if (!handler) return send({ type: "airlock:answer", id: raw.id, ok: false, error: `unknown question ${raw.question}` });
    Promise.resolve()
      .then(handler)
      .then(
        (value) => send({ type: "airlock:answer", id: raw.id, ok: true, value }),
        (error: unknown) => send({ type: "airlock:answer", id: raw.id, ok: false, error: (error as Error)?.message ?? String(error) }),
      );
  });
  send({ type: "airlock:listening", httpPort: gateway.httpPort, pgPort: gateway.pgPort });
}

// The primary of a gateway cluster (AIRLOCK_WORKERS > 1): forks the workers, which share the HTTP
// and Postgres listeners through node:cluster, serves the admin port for all of them (readiness =
// every worker ready; /metrics = prom-client's sum over workers), keeps the idle-grouping table
// every worker consults (idle-group-host.ts), replaces a worker that dies, and on close() asks
// every worker to drain and waits for them. It loads no database client of its own.
import cluster, { type Worker } from "node:cluster";
import type { Logger } from "pino";
import { AggregatorRegistry } from "prom-client";
import { createAdminServer, type Readiness } from "../admin/admin-server";
import type { GatewayConfig } from "../config";
import { replicaIdFrom } from "../replica-id";
import { closeServer, listen } from "../net/listen";
import { createIdleGroupHost } from "./idle-group-host";
import { isMessage, WORKER_INDEX_ENV, type AnswerMessage, type ListeningMessage, type PrimaryMessage } from "./messages";

export interface RunningCluster {
  httpPort: number;
  pgPort: number;
  adminPort: number;
  /** Process ids of the workers running now. */
  workerPids(): number[];
  /** Asks every listening worker the same question; answers in worker order. */
  ask(question: string, timeoutMs?: number): Promise<unknown[]>;
  /** Asks every worker to drain and exit, waits for them, closes the admin port. True when all exited cleanly. */
  close(): Promise<boolean>;
}

/** A worker stopped before its listeners were up; it printed why. */
export class WorkerStartError extends Error {}

interface Slot {
  index: number;
  worker: Worker;
  listening: boolean;
  exited: Promise<number | null>;
}

const RESTART_DELAY_MS = 1_000;
const RESTART_DELAY_MAX_MS = 30_000;
const ASK_TIMEOUT_MS = 3_000;

/** Worker 1 is `<replica>`, the others `<replica>-2`, `<replica>-3`, … */
export function workerReplicaId(baseReplicaId: string, index: number): string {
  return index === 1 ? baseReplicaId : `${baseReplicaId}-${index}`;
}

export async function startCluster(config: GatewayConfig, logger: Logger): Promise<RunningCluster> {
  const count = config.AIRLOCK_WORKERS;
  const baseReplicaId = replicaIdFrom(config);
  const slots = new Map<number, Slot>();
  const waiting = new Map<number, (answer: AnswerMessage) => void>();
  let nextAskId = 1;
  let started = false;
  let stopping = false;
  let ports: { httpPort: number; pgPort: number } | undefined;
  let restartDelay = RESTART_DELAY_MS;
  let onStartFailure: ((error: Error) => void) | undefined;
  let onAllListening: (() => void) | undefined;
  const idleGroups = createIdleGroupHost(config.AIRLOCK_SESSION_IDLE_MS);

  const fork = (index: number): void => {
    // Each worker is a replica of its own for the recorder, with a spool folder named after it and
    // the same after a restart, so what a crashed worker spooled is replayed by its successor.
    // Worker 1 keeps the plain replica id: a spool left by a single-process gateway is replayed.
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index), AIRLOCK_REPLICA_ID: workerReplicaId(baseReplicaId, index) });
    const slot: Slot = {
      index,
      worker,
      listening: false,
      exited: new Promise((resolve) => worker.once("exit", (code: number | null) => resolve(code))),
    };
    slots.set(index, slot);
    worker.on("message", (raw: unknown) => {
      if (isMessage<AnswerMessage>(raw, "airlock:answer")) return waiting.get(raw.id)?.(raw);
      if (idleGroups.handle(worker, raw)) return;
      if (!isMessage<ListeningMessage>(raw, "airlock:listening")) return;
      slot.listening = true;
      restartDelay = RESTART_DELAY_MS;
      ports ??= { httpPort: raw.httpPort, pgPort: raw.pgPort };
      if (!started && [...slots.values()].every((s) => s.listening)) onAllListening?.();
    });
    worker.once("exit", (code: number | null, signal: string | null) => {
      if (slots.get(index) === slot) slot.listening = false;
      if (stopping) return;
      if (!started) return onStartFailure?.(new WorkerStartError(`worker ${index} stopped during start-up (exit code ${code ?? signal})`));
      logger.error({ worker: index, code, signal, restartInMs: restartDelay }, "gateway worker exited; starting a new one");
      const delay = restartDelay;
      restartDelay = Math.min(restartDelay * 2, RESTART_DELAY_MAX_MS);
      setTimeout(() => {
        if (!stopping) fork(index);
      }, delay).unref();
    });
  };

  const askOne = (slot: Slot, question: string, timeoutMs: number): Promise<unknown> =>
    new Promise((resolve, reject) => {
      const id = nextAskId++;
      const timer = setTimeout(() => {
        waiting.delete(id);
        reject(new Error(`worker ${slot.index} did not answer "${question}" within ${timeoutMs} ms`));
      }, timeoutMs);
      waiting.set(id, (answer) => {
        waiting.delete(id);
        clearTimeout(timer);
        if (answer.ok) resolve(answer.value);
        else reject(new Error(`worker ${slot.index}: ${answer.error}`));
      });
      slot.worker.send({ type: "airlock:ask", id, question } satisfies PrimaryMessage);
    });
  const listeningSlots = () => [...slots.values()].filter((s) => s.listening).sort((a, b) => a.index - b.index);
  const ask = (question: string, timeoutMs = ASK_TIMEOUT_MS) => Promise.all(listeningSlots().map((s) => askOne(s, question, timeoutMs)));

  const readiness = async (): Promise<Readiness> => {
    const answers = await Promise.all(listeningSlots().map((s) => askOne(s, "readiness", ASK_TIMEOUT_MS).catch(() => undefined)));
    const workers = answers.filter((a): a is Readiness => typeof a === "object" && a !== null);
    const workersReady = workers.filter((a) => a.ready).length;
    const all = (check: string) => workers.length > 0 && workers.every((a) => a.checks[check] === true);
    return {
      ready: !stopping && workersReady === count,
      checks: { database: all("database"), recorder: all("recorder"), draining: stopping, workersReady, workers: count },
    };
  };
  const aggregator = new AggregatorRegistry();
  const admin = createAdminServer({
    readiness,
    metrics: async () => ({ contentType: aggregator.contentType, text: await aggregator.clusterMetrics() }),
  });

  const stopWorkers = async (): Promise<boolean> => {
    stopping = true;
    const live = [...slots.values()];
    for (const slot of live) if (slot.worker.isConnected()) slot.worker.send({ type: "airlock:shutdown" } satisfies PrimaryMessage);
    const codes = await Promise.all(live.map((s) => s.exited));
    return codes.every((code) => code === 0);
  };

  const adminPort = await listen(admin, config.AIRLOCK_HOST, config.AIRLOCK_ADMIN_PORT, "AIRLOCK_ADMIN_PORT");
  try {
    await new Promise<void>((resolve, reject) => {
      onAllListening = resolve;
      onStartFailure = reject;
      for (let index = 1; index <= count; index++) fork(index);
    });
  } catch (error) {
    await stopWorkers();
    idleGroups.close();
    await closeServer(admin);
    throw error;
  }
  started = true;
  const { httpPort, pgPort } = ports!;
  logger.info({ httpPort, pgPort, adminPort, workers: count }, "gateway listening");
  let closing: Promise<boolean> | undefined;
  return {
    httpPort,
    pgPort,
    adminPort,
    workerPids: () => listeningSlots().map((s) => s.worker.process.pid ?? -1),
    ask,
    close() {
      closing ??= (async () => {
        const clean = await stopWorkers();
        idleGroups.close();
        admin.closeAllConnections();
        await closeServer(admin);
        return clean;
      })();
      return closing;
    },
  };
}

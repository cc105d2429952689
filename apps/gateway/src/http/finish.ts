// The end of every exchange, whatever happened: close its recording chain with the outcome, count
// it in the metrics and write one log line (no payloads, no headers, no query strings).
import { exchangeLogger } from "../logging/exchange-log";
import type { ExchangeContext } from "./context";
import { elapsedMs } from "./context";
import { endPayload } from "./record";
import type { ChunkBatcher } from "./chunk-batcher";

export function finishExchange(ctx: ExchangeContext, batcher: ChunkBatcher | undefined): void {
  const { services, metrics, chain } = ctx;
  const connection = ctx.connection?.name ?? "-";
  const status = ctx.status ?? (ctx.res.headersSent ? ctx.res.statusCode : 0);
  const latencyMs = elapsedMs(ctx);
  metrics.requests.inc({ connection, status: status ? String(status) : "client_closed" });
  metrics.duration.observe({ connection }, latencyMs / 1000);
  if (ctx.ttftMs !== null) metrics.ttft.observe({ connection }, ctx.ttftMs / 1000);
  if (chain) {
    batcher?.flush();
    if (ctx.errorCode) services.recorder.flagSession(chain.sessionId, { hasError: true });
    chain.close({ type: "exchange.end", payload: endPayload(ctx) as unknown as Record<string, unknown> });
  }
  exchangeLogger(services.logger).info(
    {
      requestId: ctx.requestId,
      sessionId: chain?.sessionId,
      connection,
      identity: ctx.identity?.label,
      method: ctx.req.method,
      status,
      upstreamStatus: ctx.upstreamStatus,
      latencyMs,
      ttftMs: ctx.ttftMs,
      ...(ctx.errorCode ? { error: ctx.errorCode } : {}),
    },
    "exchange",
  );
}

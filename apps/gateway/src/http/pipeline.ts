// One exchange, stage by stage: identify → open recording → load rules → read request → inspect
// (guardrails, masking) → approval → forward → respond. Any stage may throw; every early exit goes
// through respondWithError, and every exchange ends in finishExchange.
import type { SessionStartPayload } from "@airlock/recording";
import { ResponseFilter } from "../providers/response-filter";
import type { ExchangeContext } from "./context";
import { markFirstByte, releaseRequestBody } from "./context";
import { ChunkBatcher } from "./chunk-batcher";
import { SecretScrubber } from "./relay/secret-scrubber";
import { finishExchange } from "./finish";
import { append, recordDecision } from "./record";
import { respondWithError } from "./respond-error";
import { awaitApproval } from "./stages/await-approval";
import { forward } from "./stages/forward";
import { identify } from "./stages/identify";
import { inspectRequest } from "./stages/inspect-request";
import { openRecording } from "./stages/open-recording";
import { readRequest } from "./stages/read-request";
import { respond } from "./stages/respond";

function recordSessionStart(ctx: ExchangeContext): void {
  const { chain, connection, identity } = ctx;
  if (!chain?.sessionCreated || !connection || !identity) return;
  const userAgent = ctx.req.headers["user-agent"];
  const clientKey = ctx.req.headers["x-airlock-session"];
  const payload: SessionStartPayload = {
    protocol: "http",
    connection: { id: connection.id, name: connection.name, kind: connection.kind },
    identity: {
      kind: identity.kind === "user" ? "user" : "service-account",
      id: identity.id,
      name: identity.label,
      ...(identity.keyId ? { keyId: identity.keyId } : {}),
    },
    ...(typeof clientKey === "string" ? { clientSessionKey: clientKey } : {}),
    client: {
      ...(ctx.req.socket.remoteAddress ? { address: ctx.req.socket.remoteAddress } : {}),
      ...(typeof userAgent === "string" ? { userAgent: userAgent.slice(0, 300) } : {}),
    },
  };
  append(ctx, "session.start", payload);
}

/** Session-timeline offsets for streamed chunks, when the recorder exposes the session's start. */
function chunkOffsets(ctx: ExchangeContext): (epochMs: number) => number {
  const start = ctx.chain?.sessionStartedAtMs;
  const origin = typeof start === "number" ? start : Date.now() - (performance.now() - ctx.startedAt);
  return (epochMs) => Math.round(epochMs - origin);
}

/**
 * Guardrails, masking, approval and the recorded decision. A function of its own so that what it
 * works on (the masked request among it) is gone with its frame, not kept by runExchange's for as
 * long as the response streams.
 */
async function decide(ctx: ExchangeContext): Promise<void> {
  const inspected = inspectRequest(ctx);
  const approval = await awaitApproval(ctx, inspected);
  recordDecision(ctx, inspected.verdict, approval);
}

export async function runExchange(ctx: ExchangeContext): Promise<void> {
  const { res, services } = ctx;
  res.setHeader("X-Airlock-Request-Id", ctx.requestId);
  res.on("close", () => {
    if (!res.writableFinished) ctx.clientGone.abort();
  });
  let batcher: ChunkBatcher | undefined;
  try {
    await identify(ctx);
    await openRecording(ctx);
    recordSessionStart(ctx);
    const connection = ctx.connection;
    if (!connection) throw new Error("identify did not resolve a connection");
    ctx.rules = await services.rules.forConnection(connection.id);
    await readRequest(ctx);
    await decide(ctx);

    const secret = connection.credential();
    const scrubber = SecretScrubber.for(secret);
    ctx.scrubber = scrubber;
    const chunks = new ChunkBatcher(chunkOffsets(ctx), (payload, at) => append(ctx, "exchange.chunks", payload, at));
    batcher = chunks;
    ctx.filter = new ResponseFilter({
      masker: ctx.rules.responseMasker,
      recordMasker: ctx.rules.recordResponseMasker,
      guardrails: ctx.rules.guardrails,
      pseudonyms: ctx.pseudonyms,
      model: ctx.view?.model ?? null,
      ...(scrubber ? { scrub: (text: string) => scrubber.scrubText(text) } : {}),
      onDelta: (delta) => {
        markFirstByte(ctx);
        chunks.push(delta);
      },
    });
    const upstream = await forward(ctx, secret);
    releaseRequestBody(ctx);
    await respond(ctx, upstream);
  } catch (error) {
    respondWithError(ctx, error);
  } finally {
    finishExchange(ctx, batcher);
  }
}

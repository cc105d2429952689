// What the HTTP data path writes into an exchange's recording chain. Everything here is already
// masked; the recorder only queues it.
//
// Rows and hashes are most of what recording costs, so two pairs of events are folded into one
// row when nothing happens between them (events.ts, `decision` and `response`; the replay shows
// them as separate steps): the request waits for its decision, and the response for the end. Any
// other event first writes whatever is waiting, so the stored order is always the order of events.
// Encoding and hashing the request wait until the upstream call is on its way (see recordDecision):
// that work then overlaps the upstream's instead of adding to the client's latency.
import type {
  ExchangeDecisionPayload,
  ExchangeEndPayload,
  ExchangeRequestPayload,
  ExchangeResponsePayload,
  GuardrailBlockPayload,
  JsonValue,
  MaskAppliedPayload,
} from "@airlock/recording";
import type { Verdict } from "@airlock/policy";
import type { EventPayloads } from "@airlock/recording";
import type { ExchangeContext } from "./context";
import { elapsedMs, reviewTextOf } from "./context";
import { withJustificationMasked } from "../approval/review-text";
import { recordedRequestHeaders } from "./upstream/forward-headers";

const MAX_RECORDED_BODY = 64 * 1024;

export function append<T extends keyof EventPayloads>(ctx: ExchangeContext, type: T, payload: EventPayloads[T], at?: Date): void {
  if (!ctx.chain) return;
  writeWaiting(ctx);
  ctx.chain.append({ type, payload: payload as unknown as Record<string, unknown>, ...(at ? { at } : {}) });
}

/** Writes a request or response held for folding as an event of its own, at the time it happened. */
function writeWaiting(ctx: ExchangeContext): void {
  if (ctx.heldRequest) writeHeldRequest(ctx);
  const response = ctx.heldResponse;
  if (ctx.chain && response) {
    ctx.heldResponse = undefined;
    ctx.chain.append({ type: "exchange.response", payload: response.payload as unknown as Record<string, unknown>, at: new Date(response.atMs) });
  }
}

function writeHeldRequest(ctx: ExchangeContext): void {
  const request = ctx.heldRequest;
  ctx.heldRequest = undefined;
  if (!ctx.chain || !request) return;
  const at = new Date(request.atMs);
  ctx.chain.append({ type: "exchange.request", payload: request.payload as unknown as Record<string, unknown>, at });
  // A decided request carries its findings in decision.masking (the replay shows them from there).
  if (!request.payload.decision && ctx.requestFindings.size > 0) {
    const applied: MaskAppliedPayload = { direction: "request", findings: ctx.requestFindings.list() };
    ctx.chain.append({ type: "mask.applied", payload: applied as unknown as Record<string, unknown>, at });
  }
}

export function recordRequest(ctx: ExchangeContext, maskedPath: string, maskedView: ExchangeContext["view"], maskedBody: unknown): void {
  if (!ctx.chain || !ctx.connection) return;
  const view = maskedView;
  const payload: ExchangeRequestPayload = {
    method: ctx.req.method ?? "GET",
    path: maskedPath,
    connection: ctx.connection.name,
    provider: ctx.adapter.kind,
    model: view?.model ?? null,
    stream: view?.stream ?? false,
    messages: view?.messages ?? [],
    tools: view?.tools ?? [],
    headers: withJustificationMasked(recordedRequestHeaders(ctx.req.headers), reviewTextOf(ctx)),
    bodyBytes: ctx.body?.length ?? 0,
  };
  if (ctx.adapter.kind === "http" && maskedBody !== undefined) {
    const text = typeof maskedBody === "string" ? maskedBody : JSON.stringify(maskedBody);
    payload.body = text.length <= MAX_RECORDED_BODY ? (maskedBody as JsonValue) : `${text.slice(0, MAX_RECORDED_BODY)}…`;
  }
  // Held for its decision (recordDecision); written on its own, with its mask.applied, if another event comes first.
  ctx.heldRequest = { payload, atMs: Date.now() };
}

export function recordDecision(ctx: ExchangeContext, verdict: Verdict, approval: ExchangeDecisionPayload["approval"]): void {
  const payload: ExchangeDecisionPayload = {
    masking: { findings: ctx.requestFindings.list() },
    guardrail: {
      verdict: verdict.action,
      ruleIds: verdict.ruleId ? [verdict.ruleId] : [],
      ...(verdict.reason ? { reason: verdict.reason } : {}),
    },
    approval,
  };
  const held = ctx.heldRequest;
  if (held && ctx.chain) {
    // The replay shows the request's mask.applied from decision.masking (exchange-parts.ts).
    held.payload = { ...held.payload, decision: payload };
    // Written on the next turn of the event loop, once the caller has sent the request upstream,
    // unless another event (or the end of the exchange) writes it sooner. It is not held longer
    // than that: a slow upstream must not keep an in-flight request out of the recording.
    setImmediate(writeDecidedRequest, ctx, held);
    return;
  }
  append(ctx, "exchange.decision", payload);
}

function writeDecidedRequest(ctx: ExchangeContext, held: ExchangeContext["heldRequest"]): void {
  if (ctx.heldRequest === held) writeHeldRequest(ctx);
}

export function recordBlock(ctx: ExchangeContext, verdict: Verdict, direction: "request" | "response", subject?: GuardrailBlockPayload["subject"]): void {
  const payload: GuardrailBlockPayload = {
    ruleId: verdict.ruleId ?? "fail-closed",
    ...(verdict.ruleName ? { ruleName: verdict.ruleName } : {}),
    direction,
    reason: verdict.reason ?? "blocked by a guardrail",
    ...(subject ? { subject } : {}),
  };
  append(ctx, "guardrail.block", payload);
  if (ctx.chain) ctx.services.recorder.flagSession(ctx.chain.sessionId, { hasBlock: true });
  ctx.metrics.blocks.inc({ connection: ctx.connection?.name ?? "-", direction });
}

export function recordResponse(ctx: ExchangeContext, status: number, headers: Record<string, string>, stream: boolean): void {
  const payload: ExchangeResponsePayload = { status, headers, stream };
  // A stream's start is written at once; a whole reply waits for the end (endPayload), unless a
  // block or other event comes first.
  if (stream) return append(ctx, "exchange.response", payload);
  if (!ctx.chain) return;
  // A request still held stays so (it is written before the response either way); an earlier
  // response (an error after the upstream's headers) is written as an event of its own.
  if (ctx.heldResponse) writeWaiting(ctx);
  ctx.heldResponse = { payload, atMs: Date.now() };
}

/** The exchange's last event; writes a held request on its own and folds a held response in. */
export function endPayload(ctx: ExchangeContext): ExchangeEndPayload {
  const filter = ctx.filter;
  const toolCalls = filter?.toolCalls ?? [];
  // A request still waiting for its decision (the exchange failed before one) is written on its own.
  if (ctx.heldRequest) writeHeldRequest(ctx);
  const response = ctx.heldResponse;
  ctx.heldResponse = undefined;
  return {
    ...(response ? { response: { ...response.payload, offsetMs: sessionOffset(ctx, response.atMs) } } : {}),
    text: filter?.text ?? "",
    ...(toolCalls.length ? { toolCalls } : {}),
    finishReason: filter?.finishReason ?? null,
    usage: filter?.usage ?? null,
    latencyMs: elapsedMs(ctx),
    ttftMs: ctx.ttftMs,
    ...(ctx.errorCode ? { error: { message: ctx.errorMessage ?? ctx.errorCode, code: ctx.errorCode } } : {}),
  };
}

/** `epochMs` on the session timeline (every event's offsetMs), as the recorder computes it. */
function sessionOffset(ctx: ExchangeContext, epochMs: number): number {
  const start = ctx.chain?.sessionStartedAtMs;
  return typeof start === "number" ? Math.round(epochMs - start) : 0;
}

// What the HTTP data path writes into an exchange's recording chain. Everything here is already
// masked; the recorder only queues it.
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
  ctx.chain?.append({ type, payload: payload as unknown as Record<string, unknown>, ...(at ? { at } : {}) });
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
  append(ctx, "exchange.request", payload);
  if (ctx.requestFindings.size > 0) {
    const applied: MaskAppliedPayload = { direction: "request", findings: ctx.requestFindings.list() };
    append(ctx, "mask.applied", applied);
  }
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
  append(ctx, "exchange.decision", payload);
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
  append(ctx, "exchange.response", payload);
}

export function endPayload(ctx: ExchangeContext): ExchangeEndPayload {
  const filter = ctx.filter;
  const toolCalls = filter?.toolCalls ?? [];
  return {
    text: filter?.text ?? "",
    ...(toolCalls.length ? { toolCalls } : {}),
    finishReason: filter?.finishReason ?? null,
    usage: filter?.usage ?? null,
    latencyMs: elapsedMs(ctx),
    ttftMs: ctx.ttftMs,
    ...(ctx.errorCode ? { error: { message: ctx.errorMessage ?? ctx.errorCode, code: ctx.errorCode } } : {}),
  };
}

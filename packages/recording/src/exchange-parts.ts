// The gateway stores an HTTP exchange's request and decision as one `exchange.request` row when the
// decision was immediate, and its response and end as one `exchange.end` row when nothing happened
// in between (events.ts: `decision`, `response`). Fewer rows and hashes per exchange is most of what
// recording costs; the replay still shows every step, from the folded parts, as if each had been
// stored on its own.
import type { ExchangeDecisionPayload, ExchangeEndPayload, ExchangeRequestPayload, FoldedResponse, RecordedEvent } from "./events";

/** The events one stored event stands for, in order: itself, or its folded parts with it. */
export function expandExchangeParts(event: RecordedEvent): RecordedEvent[] {
  if (event.type === "exchange.request" && isObject(event.payload.decision)) {
    const { decision, ...request } = event.payload as ExchangeRequestPayload & { decision: ExchangeDecisionPayload };
    const parts: RecordedEvent[] = [{ ...event, payload: request }];
    const findings = Array.isArray(decision.masking?.findings) ? decision.masking.findings : [];
    if (findings.length > 0) parts.push({ ...event, type: "mask.applied", payload: { direction: "request", findings } });
    parts.push({ ...event, type: "exchange.decision", payload: decision });
    return parts;
  }
  if (event.type === "exchange.end" && isObject(event.payload.response)) {
    const { response, ...end } = event.payload as ExchangeEndPayload & { response: FoldedResponse };
    const { offsetMs, ...payload } = response;
    // Never after the end itself, whatever a malformed offset says.
    const at = typeof offsetMs === "number" && Number.isFinite(offsetMs) ? Math.min(offsetMs, event.offsetMs) : event.offsetMs;
    const atIso = new Date(new Date(event.at).getTime() - (event.offsetMs - at)).toISOString();
    return [
      { ...event, type: "exchange.response", at: atIso, offsetMs: at, payload },
      { ...event, payload: end },
    ];
  }
  return [event];
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

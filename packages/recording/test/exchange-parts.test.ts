import { describe, expect, it } from "vitest";
import { ChainBuilder, expandExchangeParts, replayTimeline } from "../src/index";
import type { ExchangeDecisionPayload, ExchangeRequestPayload, RecordedEvent } from "../src/index";
import { SESSION_ID, STARTED_AT, asDatabaseRow } from "./fixtures";

const at = (ms: number) => new Date(STARTED_AT.getTime() + ms);

const request: ExchangeRequestPayload = {
  method: "POST",
  path: "/v1/chat/completions",
  connection: "openai-prod",
  provider: "openai",
  model: "gpt-4o-mini",
  stream: false,
  messages: [{ role: "user", text: "Mail [EMAIL_1]" }],
  tools: [],
  headers: { "content-type": "application/json" },
  bodyBytes: 90,
};
const decision: ExchangeDecisionPayload = {
  masking: { findings: [{ detector: "email", count: 1 }] },
  guardrail: { verdict: "allow", ruleIds: [] },
  approval: null,
};
const end = { text: "Done.", usage: { inputTokens: 9, outputTokens: 2 }, latencyMs: 40, ttftMs: 30 };
const response = { status: 200, headers: { "content-type": "application/json" }, stream: false };

/** One JSON exchange as the gateway stores it: two rows. */
function foldedExchange(): RecordedEvent[] {
  const builder = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT });
  return [
    builder.append({ type: "exchange.request", at: at(10), payload: { ...request, decision } }),
    builder.append({ type: "exchange.end", at: at(50), payload: { ...end, response: { ...response, offsetMs: 40 } } }),
  ];
}

/** The same exchange stored one event per row, with the mask.applied the gateway writes. */
function unfoldedExchange(): RecordedEvent[] {
  const builder = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT });
  return [
    builder.append({ type: "exchange.request", at: at(10), payload: request }),
    builder.append({ type: "mask.applied", at: at(10), payload: { direction: "request", findings: decision.masking.findings } }),
    builder.append({ type: "exchange.decision", at: at(10), payload: decision }),
    builder.append({ type: "exchange.response", at: at(40), payload: response }),
    builder.append({ type: "exchange.end", at: at(50), payload: end }),
  ];
}

const shape = (events: RecordedEvent[]) =>
  replayTimeline(events.map(asDatabaseRow)).map((s) => (s.kind === "event" ? { offsetMs: s.offsetMs, title: s.title, type: s.event.type, at: s.event.at, payload: s.event.payload } : s));

describe("folded exchange parts", () => {
  it("replay the same steps, titles, times and payloads as one event per row", () => {
    expect(shape(foldedExchange())).toEqual(shape(unfoldedExchange()));
    expect(shape(foldedExchange()).map((s) => ("type" in s ? s.type : "chunk"))).toEqual([
      "exchange.request",
      "mask.applied",
      "exchange.decision",
      "exchange.response",
      "exchange.end",
    ]);
  });

  it("show no mask.applied step when the decision masked nothing", () => {
    const builder = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT });
    const event = builder.append({ type: "exchange.request", at: at(1), payload: { ...request, decision: { ...decision, masking: { findings: [] } } } });
    expect(expandExchangeParts(event).map((e) => e.type)).toEqual(["exchange.request", "exchange.decision"]);
  });

  it("keep a response step from landing after its end, whatever the stored offset says", () => {
    const builder = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT });
    const event = builder.append({ type: "exchange.end", at: at(50), payload: { ...end, response: { ...response, offsetMs: 9_999 } } });
    const [first] = expandExchangeParts(event);
    expect(first).toMatchObject({ type: "exchange.response", offsetMs: 50, at: at(50).toISOString() });
  });

  it("leave every other event as it is", () => {
    const [single] = unfoldedExchange();
    expect(expandExchangeParts(single!)).toEqual([single]);
  });

  it("share the stored event's seq and hash, so a step still points at the row that proves it", () => {
    const [stored] = foldedExchange();
    for (const part of expandExchangeParts(stored!)) expect([part.seq, part.hash]).toEqual([stored!.seq, stored!.hash]);
  });
});

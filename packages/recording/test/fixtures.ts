import { ChainBuilder } from "../src/index";
import type { RecordedEvent } from "../src/index";

export const SESSION_ID = "ses_01";
export const STARTED_AT = new Date("2025-03-01T09:00:00.000Z");
export const KEY = "k".repeat(32);

const at = (ms: number) => new Date(STARTED_AT.getTime() + ms);

/** One streamed chat exchange, recorded the way the gateway does: 7 events, seqs 1..7. */
export function recordChatSession(builder = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT })): RecordedEvent[] {
  const exchangeId = "exc_1";
  return [
    builder.append({
      type: "session.start",
      at: at(0),
      payload: {
        protocol: "http",
        connection: { id: "con_1", name: "openai-prod", kind: "openai" },
        identity: { kind: "service-account", id: "sa_1", name: "billing-bot", keyId: "key_1" },
      },
    }),
    builder.append({
      type: "exchange.request",
      exchangeId,
      at: at(5),
      payload: {
        method: "POST",
        path: "/v1/chat/completions",
        connection: "openai-prod",
        provider: "openai",
        model: "gpt-4o-mini",
        stream: true,
        messages: [{ role: "user", text: "My email is [EMAIL_1], what is my plan?" }],
        tools: [{ name: "get_plan" }],
        headers: { "content-type": "application/json" },
        bodyBytes: 180,
      },
    }),
    builder.append({
      type: "exchange.decision",
      exchangeId,
      at: at(6),
      payload: {
        masking: { findings: [{ detector: "email", count: 1 }] },
        guardrail: { verdict: "allow", ruleIds: [] },
        approval: null,
      },
    }),
    builder.append({
      type: "exchange.response",
      exchangeId,
      at: at(120),
      payload: { status: 200, headers: { "content-type": "text/event-stream" }, stream: true },
    }),
    builder.append({
      type: "exchange.chunks",
      exchangeId,
      at: at(400),
      payload: { offsetsMs: [130, 180, 390], deltas: ["Your ", "plan is ", "Pro."] },
    }),
    builder.append({
      type: "exchange.end",
      exchangeId,
      at: at(401),
      payload: {
        text: "Your plan is Pro.",
        usage: { inputTokens: 21, outputTokens: 5 },
        latencyMs: 396,
        ttftMs: 125,
      },
    }),
    builder.append({ type: "session.end", at: at(60_000), payload: { reason: "idle_timeout", exchangeCount: 1 } }),
  ];
}

/** A row as Prisma returns it: Date for `at`, a storage id, payload through JSON. */
export function asDatabaseRow(event: RecordedEvent) {
  return { id: `row_${event.seq}`, ...event, at: new Date(event.at), payload: JSON.parse(JSON.stringify(event.payload)) as unknown };
}

import { describe, expect, it } from "vitest";
import { ChainBuilder, expandChunks, expandStatements, replayTimeline } from "../src/index";
import { SESSION_ID, STARTED_AT, asDatabaseRow, recordChatSession } from "./fixtures";

const events = recordChatSession();
const chunks = events.find((e) => e.type === "exchange.chunks")!;

describe("expandChunks", () => {
  it("gives every chunk with its own recorded time, in order", () => {
    expect(expandChunks(chunks)).toEqual([
      { offsetMs: 130, delta: "Your " },
      { offsetMs: 180, delta: "plan is " },
      { offsetMs: 390, delta: "Pro." },
    ]);
  });

  it("refuses other event types and mismatched arrays", () => {
    expect(() => expandChunks(events[0]!)).toThrow(TypeError);
    expect(() => expandChunks({ ...chunks, payload: { offsetsMs: [1, 2], deltas: ["a"] } })).toThrow(/same length/);
    expect(() => expandChunks({ ...chunks, payload: { offsetsMs: ["1"], deltas: ["a"] } })).toThrow(TypeError);
  });
});

describe("replayTimeline", () => {
  it("shows events and each streamed chunk at its recorded time, from stored rows in any order", () => {
    const steps = replayTimeline(events.map(asDatabaseRow).reverse());
    expect(steps.map((s) => [s.offsetMs, s.kind === "chunk" ? s.delta : s.event.type])).toEqual([
      [0, "session.start"],
      [5, "exchange.request"],
      [6, "exchange.decision"],
      [120, "exchange.response"],
      [130, "Your "],
      [180, "plan is "],
      [390, "Pro."],
      [401, "exchange.end"],
      [60_000, "session.end"],
    ]);
  });

  it("titles each event for the player", () => {
    const titles = replayTimeline(events).flatMap((s) => (s.kind === "event" ? [s.title] : []));
    expect(titles).toEqual([
      "Session started by billing-bot on openai-prod",
      "POST /v1/chat/completions (gpt-4o-mini)",
      "Decision: allow, 1 value(s) masked",
      "Response 200 (streaming)",
      "Exchange finished in 396 ms, 21 in / 5 out tokens",
      "Session ended (idle timeout)",
    ]);
  });

  it("interleaves concurrent exchanges by time, keeping each exchange's chunks", () => {
    const builder = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT });
    const at = (ms: number) => new Date(STARTED_AT.getTime() + ms);
    const list = [
      builder.append({ type: "exchange.chunks", exchangeId: "a", at: at(50), payload: { offsetsMs: [10, 30], deltas: ["a1", "a2"] } }),
      builder.append({ type: "exchange.chunks", exchangeId: "b", at: at(60), payload: { offsetsMs: [20, 30], deltas: ["b1", "b2"] } }),
    ];
    const steps = replayTimeline(list);
    expect(steps.map((s) => (s.kind === "chunk" ? `${s.exchangeId}:${s.delta}` : "?"))).toEqual(["a:a1", "b:b1", "a:a2", "b:b2"]);
  });

  it("refuses an event type it does not know instead of skipping it", () => {
    expect(() => replayTimeline([{ ...events[0]!, type: "made.up" }])).toThrow(/unknown event type 'made.up'/);
  });
});

describe("compact SQL statements", () => {
  const builder = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT });
  const at = (ms: number) => new Date(STARTED_AT.getTime() + ms);
  const select = { params: ["[EMAIL]"], command: "SELECT", statementClass: "select", durationMs: 0.4, rowCount: 1 };
  const recorded = [
    builder.append({ type: "session.start", at: at(0), payload: { protocol: "postgres", connection: { id: "c", name: "crm", kind: "postgres" }, identity: { kind: "service-account", id: "sa", name: "agent" } } }),
    builder.append({
      type: "sql.statements",
      at: at(40),
      payload: {
        texts: ["SELECT email FROM customers WHERE id = $1", "TRUNCATE audit_log"],
        statements: [
          { offsetMs: 12, textIndex: 0, ...select, masked: [{ detector: "email", count: 1 }] },
          { offsetMs: 25, textIndex: 1, params: [], command: null, statementClass: "truncate", durationMs: 0, rowCount: null, error: { code: "42501", message: "blocked" } },
          { offsetMs: 40, textIndex: 0, ...select },
        ],
      },
    }),
    builder.append({ type: "guardrail.block", at: at(30), payload: { ruleId: "r1", direction: "request", reason: "destructive" } }),
    builder.append({ type: "session.end", at: at(50), payload: { reason: "client_closed" } }),
  ];

  it("shows every statement as a sql.statement step at its own time, masking after the statement it masked", () => {
    const steps = replayTimeline(recorded.map(asDatabaseRow));
    expect(steps.map((s) => [s.offsetMs, s.kind === "event" ? s.event.type : "chunk"])).toEqual([
      [0, "session.start"],
      [12, "sql.statement"],
      [12, "mask.applied"],
      [25, "sql.statement"],
      [30, "guardrail.block"],
      [40, "sql.statement"],
      [50, "session.end"],
    ]);
    const titles = steps.flatMap((s) => (s.kind === "event" && s.event.seq === 2 ? [s.title] : []));
    expect(titles).toEqual([
      "SELECT email FROM customers WHERE id = $1",
      "1 value(s) masked in the response",
      "TRUNCATE audit_log (failed: blocked)",
      "SELECT email FROM customers WHERE id = $1",
    ]);
    const first = steps[1]!;
    expect(first.kind === "event" && first.event).toMatchObject({ type: "sql.statement", at: at(12).toISOString(), payload: { text: "SELECT email FROM customers WHERE id = $1", ...select } });
  });

  it("refuses a statement whose text reference is out of range", () => {
    const broken = { ...recorded[1]!, payload: { texts: ["SELECT 1"], statements: [{ offsetMs: 1, textIndex: 3 }] } };
    expect(() => expandStatements(broken)).toThrow(/text index/);
    expect(() => expandStatements(recorded[0]!)).toThrow(TypeError);
  });
});

import { describe, expect, it } from "vitest";
import { ChainBuilder, GENESIS_HASH, computeEventHash, fromStoredEvent, verifyChain } from "../src/index";
import { SESSION_ID, STARTED_AT, asDatabaseRow, recordChatSession } from "./fixtures";

describe("ChainBuilder", () => {
  it("assigns consecutive seqs, offsets from the session start, and links each hash to the last", () => {
    const events = recordChatSession();
    expect(events.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(events.map((e) => e.offsetMs)).toEqual([0, 5, 6, 120, 400, 401, 60_000]);
    expect(events[0]?.prevHash).toBe(GENESIS_HASH);
    for (let i = 1; i < events.length; i++) expect(events[i]?.prevHash).toBe(events[i - 1]?.hash);
    for (const e of events) expect(e.hash).toBe(computeEventHash(e.prevHash, e));
    expect(events[1]?.exchangeId).toBe("exc_1");
    expect(events[0]?.exchangeId).toBeNull();
  });

  it("round trips through storage: rows with Dates, ids and re-ordered JSON keys still verify", () => {
    const rows = recordChatSession().map(asDatabaseRow);
    const reKeyed = rows.map((row) => ({ ...row, payload: reverseKeys(row.payload) })).reverse();
    expect(verifyChain(reKeyed)).toEqual({ ok: true });
    expect(fromStoredEvent(rows[1]!)).toEqual(recordChatSession()[1]);
  });

  it("drops undefined optional payload fields from the hash, as storage drops them", () => {
    const builder = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT });
    const event = builder.append({ type: "error", payload: { message: "upstream reset", code: undefined } });
    const stored = JSON.parse(JSON.stringify(event)) as typeof event;
    expect(stored.payload).toEqual({ message: "upstream reset" });
    expect(verifyChain([stored])).toEqual({ ok: true });
  });

  it("resumes a segment from its head and keeps the chain intact", () => {
    const first = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT });
    const a = first.append({ type: "error", payload: { message: "one" } });
    const resumed = new ChainBuilder({
      sessionId: SESSION_ID,
      startedAt: STARTED_AT,
      nextSeq: first.head.lastSeq + 1,
      prevHash: first.head.lastHash,
    });
    const b = resumed.append({ type: "error", payload: { message: "two" } });
    expect(b.prevHash).toBe(a.hash);
    expect(resumed.head).toEqual({ lastSeq: 2, lastHash: b.hash });
    expect(verifyChain([a, b])).toEqual({ ok: true });
  });

  it("uses an allocator for seqs and rejects one that goes backwards", () => {
    const seqs = [10, 20, 15];
    const builder = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT, nextSeq: () => seqs.shift() ?? 0 });
    expect(builder.append({ type: "error", payload: { message: "a" } }).seq).toBe(10);
    expect(builder.append({ type: "error", payload: { message: "b" } }).seq).toBe(20);
    expect(() => builder.append({ type: "error", payload: { message: "c" } })).toThrow(RangeError);
    expect(builder.head.lastSeq).toBe(20);
  });

  it("stamps events with the clock when no time is given", () => {
    const builder = new ChainBuilder({
      sessionId: SESSION_ID,
      startedAt: STARTED_AT,
      now: () => new Date(STARTED_AT.getTime() + 1234),
    });
    const event = builder.append({ type: "session.end", payload: { reason: "client_closed" } });
    expect(event.at).toBe("2025-03-01T09:00:01.234Z");
    expect(event.offsetMs).toBe(1234);
  });
});

function reverseKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(reverseKeys);
  if (typeof value !== "object" || value === null) return value;
  return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)]));
}

import { describe, expect, it } from "vitest";
import { ChainBuilder, computeEventHash, verifyChain } from "../src/index";
import type { StoredEvent } from "../src/index";
import { SESSION_ID, STARTED_AT, recordChatSession } from "./fixtures";

// Tampered rows are no longer valid RecordedEvents, so the tests work on the stored-row shape.
type Row = StoredEvent & { at: string; exchangeId: string | null; payload: object };

const events: Row[] = recordChatSession();
const lastSeq = events.length;

function edit(seq: number, change: (row: Row) => Row): Row[] {
  return events.map((e) => (e.seq === seq ? change({ ...e }) : e));
}

function brokenAt(list: readonly StoredEvent[]): number | "intact" {
  const verdict = verifyChain(list);
  return verdict.ok ? "intact" : verdict.brokenAtSeq;
}

const fieldEdits: Record<string, (row: Row) => Row> = {
  sessionId: (r) => ({ ...r, sessionId: "ses_other" }),
  exchangeId: (r) => ({ ...r, exchangeId: r.exchangeId === null ? "exc_forged" : null }),
  at: (r) => ({ ...r, at: new Date(Date.parse(r.at) + 1).toISOString() }),
  offsetMs: (r) => ({ ...r, offsetMs: r.offsetMs + 1 }),
  type: (r) => ({ ...r, type: r.type === "error" ? "session.end" : "error" }),
  payload: (r) => ({ ...r, payload: { ...r.payload, forged: true } }),
  // Pointing at a real, earlier hash is the subtle variant of a prevHash edit.
  prevHash: (r) => ({ ...r, prevHash: r.seq >= 3 ? (events[r.seq - 3]?.hash ?? "") : "ab".repeat(32) }),
  hash: (r) => ({ ...r, hash: "cd".repeat(32) }),
};

describe("verifyChain", () => {
  it("accepts an untampered recording in any order", () => {
    expect(verifyChain(events)).toEqual({ ok: true });
    expect(verifyChain([...events].reverse())).toEqual({ ok: true });
    expect(verifyChain([])).toEqual({ ok: true });
  });

  describe("reports a single-field edit at the edited event", () => {
    for (const [field, change] of Object.entries(fieldEdits)) {
      it(`${field}, on every event`, () => {
        for (const e of events) expect(brokenAt(edit(e.seq, change)), `seq ${e.seq}`).toBe(e.seq);
      });
    }

    it("seq moved to an unused value, on every event", () => {
      for (const e of events) {
        const moved = e.seq + 1000;
        // The last event leaves no successor behind to notice the gap, so it is caught at its new seq.
        const expected = e.seq === lastSeq ? moved : e.seq;
        expect(brokenAt(edit(e.seq, (r) => ({ ...r, seq: moved }))), `seq ${e.seq}`).toBe(expected);
      }
    });

    it("one character of one streamed chunk", () => {
      const list = edit(5, (r) => ({ ...r, payload: { offsetsMs: [130, 180, 390], deltas: ["Your ", "plan is ", "Pr0."] } }));
      expect(brokenAt(list)).toBe(5);
    });
  });

  it("reports an edited event even when its own hash was recomputed", () => {
    for (const e of events.slice(0, -1)) {
      const list = edit(e.seq, (r) => {
        const forged = { ...r, payload: { ...r.payload, forged: true } };
        return { ...forged, hash: computeEventHash(forged.prevHash, forged) };
      });
      expect(brokenAt(list), `seq ${e.seq}`).toBe(e.seq);
    }
  });

  it("reports a deletion at the deleted seq", () => {
    for (const e of events.slice(0, -1)) {
      const verdict = verifyChain(events.filter((x) => x.seq !== e.seq));
      expect(verdict, `seq ${e.seq}`).toMatchObject({ ok: false, brokenAtSeq: e.seq });
    }
    expect(brokenAt(events.filter((x) => x.seq < 3 || x.seq > 5))).toBe(3);
  });

  it("leaves a deleted last event to the checkpoint", () => {
    expect(brokenAt(events.slice(0, -1))).toBe("intact");
  });

  it("reports two events swapping places at the first of them", () => {
    for (let a = 1; a < lastSeq; a++) {
      for (const b of [a + 1, lastSeq]) {
        if (b === a) continue;
        const swapped = events.map((e) => (e.seq === a ? { ...e, seq: b } : e.seq === b ? { ...e, seq: a } : e));
        expect(brokenAt(swapped), `${a}<->${b}`).toBe(a);
      }
    }
  });

  it("reports an insertion that renumbered the following rows at the inserted event", () => {
    for (const after of events.slice(0, -1)) {
      const inserted = forgeAfter(after, after.seq + 1);
      const list = [
        ...events.filter((e) => e.seq <= after.seq),
        inserted,
        ...events.filter((e) => e.seq > after.seq).map((e) => ({ ...e, seq: e.seq + 1 })),
      ];
      expect(brokenAt(list), `after seq ${after.seq}`).toBe(after.seq + 1);
    }
  });

  it("reports an insertion into a gap between sparse seqs at the inserted event", () => {
    const sparse = recordChatSession(new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT, nextSeq: counter(10, 10) }));
    const second = sparse[1]!;
    expect(verifyChain(sparse)).toEqual({ ok: true });
    // Before the genuine successor (seq 30) and after it.
    expect(brokenAt([...sparse, forgeAfter(second, 25)])).toBe(25);
    expect(brokenAt([...sparse, forgeAfter(second, 35)])).toBe(35);
    // A forged row that was not even hashed properly.
    expect(brokenAt([...sparse, { ...forgeAfter(second, 35), hash: "ef".repeat(32) }])).toBe(35);
  });

  it("reports a duplicated seq", () => {
    const third = events[2]!;
    expect(verifyChain([...events, { ...third }])).toMatchObject({ ok: false, brokenAtSeq: 3, reason: "two events share seq 3" });
  });

  describe("with several segments (replicas or exchanges recording at once)", () => {
    it("accepts interleaved segments and pinpoints a deletion or edit in one of them", () => {
      // One replica, one segment per exchange, seqs from a shared counter: they interleave.
      const next = counter(1, 1);
      const a = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT, nextSeq: next });
      const b = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT, nextSeq: next });
      const list: Row[] = [];
      for (let i = 0; i < 4; i++) {
        list.push(a.append({ type: "error", exchangeId: "exc_a", payload: { message: `a${i}` } }));
        list.push(b.append({ type: "error", exchangeId: "exc_b", payload: { message: `b${i}` } }));
      }
      expect(list.map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
      expect(verifyChain(list)).toEqual({ ok: true });
      expect(brokenAt(list.filter((e) => e.seq !== 3))).toBe(3);
      expect(brokenAt(list.filter((e) => e.seq !== 4))).toBe(4);
      const rehashed = list.map((e) => {
        if (e.seq !== 3) return e;
        const forged = { ...e, payload: { message: "forged" } };
        return { ...forged, hash: computeEventHash(forged.prevHash, forged) };
      });
      expect(brokenAt(rehashed)).toBe(3);
    });

    it("accepts segments in separate seq blocks and pinpoints a deletion", () => {
      const a = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT, nextSeq: 1 });
      const b = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT, nextSeq: 1001 });
      const list = [0, 1, 2].flatMap((i) => [
        a.append({ type: "error", payload: { message: `a${i}` } }),
        b.append({ type: "error", payload: { message: `b${i}` } }),
      ]);
      expect(verifyChain(list)).toEqual({ ok: true });
      expect(brokenAt(list.filter((e) => e.seq !== 1002))).toBe(1002);
      expect(brokenAt(list.filter((e) => e.seq !== 2))).toBe(2);
      // The legitimate gap between the blocks must not be blamed for an edit above it.
      const rehashed = list.map((e) => {
        if (e.seq !== 1002) return e;
        const forged = { ...e, payload: { message: "forged" } };
        return { ...forged, hash: computeEventHash(forged.prevHash, forged) };
      });
      expect(brokenAt(rehashed)).toBe(1002);
    });
  });

  it("explains what it found", () => {
    const verdict = verifyChain(events.filter((e) => e.seq !== 4));
    expect(verdict).toEqual({
      ok: false,
      brokenAtSeq: 4,
      reason: "seq 5 continues from an event that is not in the recording: seq 4 is missing (deleted or moved)",
    });
  });
});

function counter(start: number, step: number): () => number {
  let next = start;
  return () => {
    const seq = next;
    next += step;
    return seq;
  };
}

/** A well-hashed forged event continuing from `after`, as an attacker without the key could write. */
function forgeAfter(after: Row, seq: number): Row {
  const forged = {
    sessionId: after.sessionId,
    seq,
    exchangeId: after.exchangeId,
    at: after.at,
    offsetMs: after.offsetMs,
    type: "error",
    payload: { message: "forged" },
    prevHash: after.hash,
  };
  return { ...forged, hash: computeEventHash(after.hash, forged) };
}

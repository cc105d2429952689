import { describe, expect, it } from "vitest";
import { ChainBuilder, checkpoint, computeEventHash, sessionHead, verifyCheckpoint, verifySession } from "../src/index";
import type { StoredEvent } from "../src/index";
import { KEY, SESSION_ID, STARTED_AT, recordChatSession } from "./fixtures";

const events = recordChatSession();
const head = sessionHead(events);
const sealed = checkpoint(KEY, SESSION_ID, head.lastSeq, head.lastHash);

/** What someone with database write access but no key can do: edit, then re-hash everything after. */
function rebuildFrom(list: readonly StoredEvent[], seq: number, change: (e: StoredEvent) => StoredEvent): StoredEvent[] {
  let prevHash = "";
  return list.map((e) => {
    if (e.seq < seq) {
      prevHash = e.hash;
      return e;
    }
    const changed = e.seq === seq ? change(e) : e;
    const linked = { ...changed, prevHash: e.seq === 1 ? changed.prevHash : prevHash };
    prevHash = computeEventHash(linked.prevHash, linked);
    return { ...linked, hash: prevHash };
  });
}

describe("checkpoint", () => {
  it("seals the session head with the key", () => {
    expect(sealed).toMatchObject({ sessionId: SESSION_ID, lastSeq: 7, lastHash: events[6]?.hash });
    expect(verifyCheckpoint(KEY, sealed)).toBe(true);
    expect(verifyCheckpoint(Buffer.from(KEY), sealed)).toBe(true);
  });

  it("fails under another key or after any field changed", () => {
    expect(verifyCheckpoint("x".repeat(32), sealed)).toBe(false);
    expect(verifyCheckpoint(KEY, { ...sealed, lastSeq: 6 })).toBe(false);
    expect(verifyCheckpoint(KEY, { ...sealed, lastHash: events[5]!.hash })).toBe(false);
    expect(verifyCheckpoint(KEY, { ...sealed, sessionId: "ses_other" })).toBe(false);
    expect(verifyCheckpoint(KEY, { ...sealed, mac: "0".repeat(64) })).toBe(false);
  });

  it("refuses keys too short to be secret", () => {
    expect(() => checkpoint("short", SESSION_ID, 1, head.lastHash)).toThrow(RangeError);
  });
});

describe("verifySession", () => {
  it("accepts the recording it sealed", () => {
    expect(verifySession(events, sealed, KEY)).toEqual({ ok: true, checkpointedThroughSeq: 7, unsealedEvents: 0 });
  });

  it("detects a chain rebuilt after tampering, with the old checkpoint or a forged one", () => {
    const rebuilt = rebuildFrom(events, 3, (e) => ({ ...e, payload: { ...(e.payload as object), forged: true } }));
    const rebuiltHead = sessionHead(rebuilt);
    const forged = checkpoint("attacker-key-".padEnd(32, "!"), SESSION_ID, rebuiltHead.lastSeq, rebuiltHead.lastHash);
    expect(verifySession(rebuilt, sealed, KEY)).toMatchObject({ ok: false, brokenAtSeq: null });
    expect(verifySession(rebuilt, forged, KEY)).toMatchObject({
      ok: false,
      reason: "the checkpoint was not made with this key, or was altered",
    });
    // A checkpoint copied over with the rebuilt head but the old MAC fails too.
    expect(verifySession(rebuilt, { ...sealed, lastHash: rebuiltHead.lastHash }, KEY)).toMatchObject({ ok: false });
  });

  it("detects deleted last events at the first deleted seq", () => {
    expect(verifySession(events.slice(0, -1), sealed, KEY)).toMatchObject({ ok: false, brokenAtSeq: 7 });
    expect(verifySession(events.slice(0, 4), sealed, KEY)).toMatchObject({ ok: false, brokenAtSeq: 5 });
  });

  it("detects events appended after the session ended and was sealed", () => {
    const extra = new ChainBuilder({
      sessionId: SESSION_ID,
      startedAt: STARTED_AT,
      nextSeq: 8,
      prevHash: events[6]!.hash,
    }).append({ type: "error", payload: { message: "forged" } });
    expect(verifySession([...events, extra], sealed, KEY)).toMatchObject({ ok: false, brokenAtSeq: 8 });
  });

  it("counts events recorded after an interim checkpoint as unsealed", () => {
    const early = sessionHead(events.slice(0, 4));
    const interim = checkpoint(KEY, SESSION_ID, early.lastSeq, early.lastHash);
    expect(verifySession(events, interim, KEY)).toEqual({ ok: true, checkpointedThroughSeq: 4, unsealedEvents: 3 });
  });

  it("reports a broken chain at its seq before comparing heads", () => {
    expect(verifySession(events.filter((e) => e.seq !== 2), sealed, KEY)).toMatchObject({ ok: false, brokenAtSeq: 2 });
  });

  it("rejects a checkpoint of another session", () => {
    const other = checkpoint(KEY, "ses_other", head.lastSeq, head.lastHash);
    expect(verifySession(events, other, KEY)).toMatchObject({ ok: false, brokenAtSeq: 1 });
  });

  describe("with several segments", () => {
    const a = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT, nextSeq: 1 });
    const b = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT, nextSeq: 101 });
    const list = [0, 1, 2].flatMap((i) => [
      a.append({ type: "error", payload: { message: `a${i}` } }),
      b.append({ type: "error", payload: { message: `b${i}` } }),
    ]);
    const multiHead = sessionHead(list);
    const multiSealed = checkpoint(KEY, SESSION_ID, multiHead.lastSeq, multiHead.lastHash);

    it("seals all segment heads", () => {
      expect(multiHead.lastSeq).toBe(103);
      expect(multiHead.lastHash).not.toBe(list.at(-1)?.hash);
      expect(verifySession(list, multiSealed, KEY)).toMatchObject({ ok: true });
    });

    it("detects a whole segment removed, a segment's tail removed, or a segment added", () => {
      expect(verifySession(list.filter((e) => e.seq < 100), multiSealed, KEY)).toMatchObject({ ok: false });
      expect(verifySession(list.filter((e) => e.seq !== 3), multiSealed, KEY)).toMatchObject({ ok: false, brokenAtSeq: null });
      const added = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT, nextSeq: 50 }).append({
        type: "error",
        payload: { message: "forged segment" },
      });
      expect(verifySession([...list, added], multiSealed, KEY)).toMatchObject({ ok: false, brokenAtSeq: null });
    });
  });
});

// Session seals: each replica serving an HTTP session keeps a seal stream listing the exchanges it
// finished, so an exchange deleted together with its own checkpoint is still noticed.
import { describe, expect, it } from "vitest";
import {
  ChainBuilder,
  buildEvidenceBundle,
  checkpoint,
  computeEventHash,
  exchangeDigest,
  isSealStream,
  replayTimeline,
  sealPayload,
  verifyRecordedSession,
  verifySessionEvidence,
} from "../src/index";
import type { Checkpoint, ExchangeDigest, RecordedChain, RecordedEvent, StoredEvent } from "../src/index";
import { KEY, SESSION_ID, STARTED_AT } from "./fixtures";

const at = (ms: number) => new Date(STARTED_AT.getTime() + ms);

function exchange(chainId: string, startMs: number, text: string): RecordedChain {
  const builder = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT });
  const events: RecordedEvent[] = [
    builder.append({ type: "exchange.request", at: at(startMs), payload: request(text) }),
    builder.append({ type: "exchange.response", at: at(startMs + 5), payload: { status: 200, headers: {}, stream: false } }),
    builder.append({ type: "exchange.end", at: at(startMs + 9), payload: { text: `answer to ${text}`, usage: null, latencyMs: 9, ttftMs: null } }),
  ];
  return { chainId, events, checkpoint: sealedHead(builder) };
}

function request(text: string) {
  return { method: "POST", path: "/v1/chat/completions", connection: "openai-prod", provider: "openai" as const, model: "m", stream: false, messages: [{ role: "user", text }], tools: [], headers: {}, bodyBytes: 10 };
}

function sealedHead(builder: ChainBuilder, key = KEY): Checkpoint {
  return checkpoint(key, SESSION_ID, builder.head.lastSeq, builder.head.lastHash);
}

/** A replica's seal stream: one seal per batch of finished exchanges, then session.end. */
function sealStream(chainId: string, batches: RecordedChain[][], endMs: number, key = KEY): RecordedChain {
  const builder = new ChainBuilder({ sessionId: SESSION_ID, startedAt: STARTED_AT });
  const events: RecordedEvent[] = batches.map((batch, i) =>
    builder.append({ type: "session.seal", at: at(endMs - batches.length + i), payload: sealPayload(batch.map(digestOf)) }),
  );
  events.push(builder.append({ type: "session.end", at: at(endMs), payload: { reason: "idle_timeout" } }));
  return { chainId, events, checkpoint: sealedHead(builder, key) };
}

function digestOf(chain: RecordedChain): ExchangeDigest {
  const last = chain.events[chain.events.length - 1] as StoredEvent;
  return exchangeDigest(chain.chainId, { lastSeq: last.seq, lastHash: last.hash });
}

/** Two replicas serving one session at once, each sealing its own exchanges. */
function twoReplicaSession() {
  const a1 = exchange("ex-a1", 0, "first on A");
  const b1 = exchange("ex-b1", 3, "first on B");
  const a2 = exchange("ex-a2", 20, "second on A");
  const sealA = sealStream("seal-a", [[a1], [a2]], 1_000);
  const sealB = sealStream("seal-b", [[b1]], 1_200);
  return { a1, a2, b1, sealA, sealB, all: [a1, b1, a2, sealA, sealB] };
}

const failures = (chains: readonly RecordedChain[], key: string | undefined = KEY) => verifyRecordedSession(SESSION_ID, chains, key).filter((f) => !f.ok);

describe("session seals", () => {
  it("a session served by two replicas verifies, every exchange vouched for by a seal", () => {
    const s = twoReplicaSession();
    const findings = verifyRecordedSession(SESSION_ID, s.all, KEY);
    expect(findings.every((f) => f.ok)).toBe(true);
    expect(findings.filter((f) => f.kind === "seal").map((f) => f.chainId)).toEqual(["seal-a", "seal-b"]);
    expect(findings.filter((f) => f.kind === "exchange").every((f) => f.inSessionSeal && f.sealed)).toBe(true);
    expect(isSealStream(s.sealA.events)).toBe(true);
    expect(isSealStream(s.a1.events)).toBe(false);
  });

  it("names the exchange whose events were deleted together with its checkpoint", () => {
    const s = twoReplicaSession();
    const remaining = s.all.filter((c) => c !== s.a2);
    const broken = failures(remaining);
    expect(broken).toHaveLength(1);
    expect(broken[0]).toMatchObject({ chainId: "ex-a2", kind: "exchange", events: 0, ok: false });
    expect(broken[0]?.reason).toMatch(/exchange ex-a2 is missing.*seal stream seal-a, seq 2.*deleted/);
  });

  it("still vouches for an exchange whose own checkpoint row is gone", () => {
    const s = twoReplicaSession();
    const findings = verifyRecordedSession(SESSION_ID, [{ ...s.b1, checkpoint: null }, s.a1, s.a2, s.sealA, s.sealB], KEY);
    expect(findings.every((f) => f.ok)).toBe(true);
    expect(findings.find((f) => f.chainId === "ex-b1")).toMatchObject({ sealed: true, inSessionSeal: true });
  });

  it("notices an exchange cut short, or extended, with its checkpoint removed so only the seal remembers", () => {
    const s = twoReplicaSession();
    const cut = { chainId: s.b1.chainId, events: s.b1.events.slice(0, 2), checkpoint: null };
    expect(failures([s.a1, s.a2, cut, s.sealA, s.sealB])).toEqual([
      expect.objectContaining({ chainId: "ex-b1", brokenAtSeq: 3, reason: expect.stringMatching(/seal stream seal-b.*deleted/) }),
    ]);

    const last = s.b1.events[2] as StoredEvent;
    const extra = { ...last, seq: 4, prevHash: last.hash, type: "exchange.end", payload: { text: "added later", usage: null, latencyMs: 1 } };
    const extended = { chainId: s.b1.chainId, events: [...s.b1.events, { ...extra, hash: computeEventHash(extra.prevHash, extra) }], checkpoint: null };
    expect(failures([s.a1, s.a2, extended, s.sealA, s.sealB])).toEqual([
      expect.objectContaining({ chainId: "ex-b1", brokenAtSeq: 4, reason: expect.stringMatching(/added after the exchange ended/) }),
    ]);
  });

  it("still catches an edited or reordered event", () => {
    const s = twoReplicaSession();
    const edited = { ...s.a1, events: s.a1.events.map((e) => (e.seq === 2 ? { ...e, payload: { status: 500, headers: {}, stream: false } } : e)) };
    expect(failures([edited, s.b1, s.a2, s.sealA, s.sealB])).toEqual([expect.objectContaining({ chainId: "ex-a1", brokenAtSeq: 2 })]);

    const [first, second, third] = s.a2.events as [StoredEvent, StoredEvent, StoredEvent];
    const swapped = { ...s.a2, events: [first, { ...third, seq: 2 }, { ...second, seq: 3 }] };
    expect(failures([s.a1, s.b1, swapped, s.sealA, s.sealB])).toEqual([expect.objectContaining({ chainId: "ex-a2", ok: false })]);
  });

  it("refuses a seal stream rewritten to forget an exchange, re-hashed or not, without the key", () => {
    const s = twoReplicaSession();
    const withoutA2 = [s.a1, s.b1];
    const [seal1, seal2, end] = s.sealA.events as [StoredEvent, StoredEvent, StoredEvent];
    const edited = { ...s.sealA, events: [seal1, { ...seal2, payload: sealPayload([]) }, end] };
    expect(failures([...withoutA2, edited, s.sealB])).toEqual([expect.objectContaining({ chainId: "seal-a", kind: "seal", brokenAtSeq: 2 })]);

    // Rebuilt consistently, with a checkpoint made under another key.
    const forged = sealStream("seal-a", [[s.a1]], 1_000, "f".repeat(32));
    expect(failures([...withoutA2, forged, s.sealB])).toEqual([
      expect.objectContaining({ chainId: "seal-a", kind: "seal", reason: expect.stringMatching(/not made with this key/) }),
    ]);
  });
});

describe("session evidence", () => {
  function exported(chains: readonly RecordedChain[]) {
    return chains.map((c) => ({
      chainId: c.chainId,
      bundle: JSON.parse(JSON.stringify(buildEvidenceBundle({ id: SESSION_ID, chainId: c.chainId }, c.events, c.checkpoint as Checkpoint))) as unknown,
    }));
  }

  it("verifies a whole export, and names an exchange missing from it", () => {
    const s = twoReplicaSession();
    expect(verifySessionEvidence(SESSION_ID, exported(s.all), KEY)).toMatchObject({ ok: true });
    expect(verifySessionEvidence(SESSION_ID, exported(s.all))).toMatchObject({ ok: true });
    const verdict = verifySessionEvidence(SESSION_ID, exported(s.all.filter((c) => c !== s.b1)), KEY);
    expect(verdict).toMatchObject({ ok: false, reason: expect.stringMatching(/^chain ex-b1: exchange ex-b1 is missing/) });
  });

  it("refuses a bundle of another session", () => {
    const s = twoReplicaSession();
    expect(verifySessionEvidence("ses_other", exported(s.all), KEY)).toMatchObject({ ok: false, reason: expect.stringMatching(/not ses_other/) });
  });
});

describe("replay", () => {
  it("leaves the seals out of the timeline and keeps the session's end", () => {
    const s = twoReplicaSession();
    const steps = replayTimeline(s.all.flatMap((c) => c.events));
    expect(steps.some((st) => st.kind === "event" && st.event.type === "session.seal")).toBe(false);
    expect(steps.filter((st) => st.kind === "event" && st.event.type === "session.end")).toHaveLength(2);
  });
});

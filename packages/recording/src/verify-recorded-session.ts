// Verification of a whole recorded session stored as several chains (exchanges, Postgres
// connections, seal streams): each chain on its own (hashes, links, its checkpoint under the key),
// then every exchange digest the seal streams list against the exchange chains (see seal.ts), which
// exposes an exchange deleted together with its checkpoint, or cut short, or extended after it was
// sealed.
import { CHECKPOINT_SCHEME } from "./checkpoint";
import type { Checkpoint, CheckpointKey } from "./checkpoint";
import { isSealStream, sealedDigests, type SealedDigest } from "./seal";
import type { StoredEvent } from "./stored-event";
import { verifyChain } from "./verify-chain";
import { compareWithCheckpoint, verifySession, type SessionVerdict } from "./verify-session";

export interface RecordedChain {
  /** The chain's name in storage (not covered by any hash: chains are matched to seals by their hashes too). */
  chainId: string;
  events: readonly StoredEvent[];
  /** The chain's newest checkpoint, if it has one. */
  checkpoint?: Checkpoint | null;
}

export interface ChainFinding {
  chainId: string;
  kind: "exchange" | "seal";
  /** Events present (0 for an exchange a seal lists but storage no longer has). */
  events: number;
  /** A keyed checkpoint vouches for the chain: its own, or (for an exchange) a session seal's digest. */
  sealed: boolean;
  /** For an exchange: a session seal lists it. */
  inSessionSeal: boolean;
  ok: boolean;
  brokenAtSeq: number | null;
  reason: string | null;
}

/**
 * Verifies every chain of one session. Without a key, checkpoints' MACs are not checked (for holders
 * of an evidence export but not of the key); everything else is.
 */
export function verifyRecordedSession(sessionId: string, chains: readonly RecordedChain[], key?: CheckpointKey): ChainFinding[] {
  const findings = chains.map((chain) => checkChain(sessionId, chain, key));
  const sealedStreams = chains.filter((_, i) => findings[i]?.kind === "seal" && findings[i]?.ok);
  const digests = sealedStreams.flatMap((stream) => sealedDigests(stream.chainId, stream.events));
  const exchanges = chains.map((chain, i) => ({ chain, finding: findings[i] as ChainFinding })).filter((x) => x.finding.kind === "exchange");
  const byId = new Map(exchanges.map((x) => [x.chain.chainId, x]));
  const byHash = new Map<string, (typeof exchanges)[number]>();
  for (const x of exchanges) for (const e of x.chain.events) byHash.set(e.hash, x);

  for (const digest of digests) {
    const match = byId.get(digest.chainId) ?? byHash.get(digest.lastHash);
    if (match === undefined) {
      findings.push(missingExchange(digest));
      continue;
    }
    match.finding.inSessionSeal = true;
    match.finding.sealed = true;
    if (!match.finding.ok) continue;
    const problem = againstDigest(sessionId, match.chain.events, digest);
    if (problem !== null) Object.assign(match.finding, { ok: false, ...problem });
  }
  return findings;
}

function checkChain(sessionId: string, chain: RecordedChain, key: CheckpointKey | undefined): ChainFinding {
  const kind = isSealStream(chain.events) ? "seal" : "exchange";
  const base = { chainId: chain.chainId, kind, events: chain.events.length, sealed: Boolean(chain.checkpoint), inSessionSeal: false } as const;
  const foreign = chain.events.find((e) => e.sessionId !== sessionId) ?? (chain.checkpoint && chain.checkpoint.sessionId !== sessionId ? chain.events[0] : undefined);
  if (foreign !== undefined) {
    return { ...base, ok: false, brokenAtSeq: foreign.seq, reason: `this chain was recorded for session ${chain.checkpoint?.sessionId ?? foreign.sessionId}, not ${sessionId}` };
  }
  let verdict: SessionVerdict | ReturnType<typeof verifyChain>;
  if (!chain.checkpoint) verdict = verifyChain(chain.events);
  else verdict = key === undefined ? compareWithCheckpoint(chain.events, chain.checkpoint) : verifySession(chain.events, chain.checkpoint, key);
  if (!verdict.ok) return { ...base, ok: false, brokenAtSeq: verdict.brokenAtSeq, reason: verdict.reason };
  // Seal streams write every seal together with its checkpoint: a seal not covered by one was added.
  if (kind === "seal" && "unsealedEvents" in verdict && verdict.unsealedEvents > 0) {
    const first = verdict.checkpointedThroughSeq + 1;
    return { ...base, ok: false, brokenAtSeq: first, reason: `seal seq ${first} is not covered by the seal stream's checkpoint: it was added` };
  }
  return { ...base, ok: true, brokenAtSeq: null, reason: null };
}

function missingExchange(digest: SealedDigest): ChainFinding {
  return {
    chainId: digest.chainId,
    kind: "exchange",
    events: 0,
    sealed: true,
    inSessionSeal: true,
    ok: false,
    brokenAtSeq: null,
    reason: `exchange ${digest.chainId} is missing: the session seal (seal stream ${digest.sealChainId}, seq ${digest.sealSeq}) lists its ${digest.lastSeq} events, and none are left: they were deleted`,
  };
}

/** The exchange's events must end exactly at the sealed head (compareWithCheckpoint without a MAC: the seal's own checkpoint vouches for the digest). */
function againstDigest(sessionId: string, events: readonly StoredEvent[], digest: SealedDigest): { brokenAtSeq: number | null; reason: string } | null {
  const asCheckpoint: Checkpoint = { scheme: CHECKPOINT_SCHEME, sessionId, lastSeq: digest.lastSeq, lastHash: digest.lastHash, mac: "" };
  const verdict = compareWithCheckpoint(events, asCheckpoint);
  const where = `the session seal (seal stream ${digest.sealChainId}, seq ${digest.sealSeq})`;
  if (!verdict.ok) return { brokenAtSeq: verdict.brokenAtSeq, reason: `does not match ${where}: ${verdict.reason.replace(/the checkpoint/g, "the seal")}` };
  if (verdict.unsealedEvents > 0) {
    const first = verdict.checkpointedThroughSeq + 1;
    return { brokenAtSeq: first, reason: `seq ${first} was added after the exchange ended and was sealed by ${where}` };
  }
  return null;
}

export interface SessionSummary {
  verified: boolean;
  /** "verified", "verified (…)", or "broken …" naming the first problem. */
  summary: string;
}

/**
 * One line for people: the first broken chain, else whether fewer events remain than the session
 * row counted (`expectedEvents`, a plain counter: a hint, not a proof), else whether some chains are
 * still open.
 */
export function summariseFindings(findings: readonly ChainFinding[], expectedEvents = 0): SessionSummary {
  const broken = findings.find((f) => !f.ok);
  if (broken) {
    const where = broken.brokenAtSeq === null ? `broken in chain ${broken.chainId}` : `broken at event ${broken.brokenAtSeq} of chain ${broken.chainId}`;
    return { verified: false, summary: `${where}: ${broken.reason ?? "it does not verify"}` };
  }
  const found = findings.reduce((n, f) => n + f.events, 0);
  if (found < expectedEvents) return { verified: false, summary: `broken: the session recorded ${expectedEvents} events but only ${found} remain` };
  if (findings.some((f) => !f.sealed)) return { verified: true, summary: "verified (some chains are still open and not yet sealed by a checkpoint)" };
  return { verified: true, summary: "verified" };
}

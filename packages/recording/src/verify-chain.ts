import { GENESIS_HASH, computeEventHash } from "./chain";
import type { StoredEvent } from "./stored-event";

export type ChainBreak = { ok: false; brokenAtSeq: number; reason: string };
export type ChainVerdict = { ok: true } | ChainBreak;

// Bounds the search for a renumbered row's original seq, so that a failed verification of a
// sparse seq range stays fast.
const MAX_RENUMBER_SHIFT = 64;

/**
 * Checks the links and hashes of one session's events, given in any order (see chain.ts for the
 * scheme). Reports the first seq at which the recording stops verifying, read in seq order:
 * - an event whose content no longer matches its hash (any field edited) is reported itself;
 * - a deletion is reported at the missing seq (the first of a run of missing seqs);
 * - an event edited and re-hashed is reported itself, found through its successor's link;
 * - an insertion is reported at the inserted event, whether it forks a segment or the rows after
 *   it were renumbered to make room.
 * Positions are exact when each segment's seqs are consecutive and best-effort when segments
 * interleave. What a chain cannot show on its own (a segment's last events or a whole segment
 * removed or added, a consistent re-hash) needs the checkpoint: see verifySession.
 * Throws TypeError when a seq is not a positive integer, which storage cannot produce.
 */
export function verifyChain(events: readonly StoredEvent[]): ChainVerdict {
  const sorted = sortBySeq(events);
  const first = sorted[0];
  if (first === undefined) return { ok: true };

  const walk: Walk = {
    seqOfStoredHash: new Map(),
    continuedAnywhere: new Set(sorted.map((e) => e.prevHash)),
    verifiedHashes: new Set(),
    continuedBy: new Map(),
    previousSeq: 0,
    lastGap: null,
    lastDeadEnd: null,
  };
  for (const event of sorted) {
    if (!walk.seqOfStoredHash.has(event.hash)) walk.seqOfStoredHash.set(event.hash, event.seq);
  }

  for (const event of sorted) {
    if (event.seq > walk.previousSeq + 1) walk.lastGap = { start: walk.previousSeq + 1, end: event.seq - 1 };
    const problem = checkEvent(event, first.sessionId, walk);
    if (problem !== null) return { ok: false, brokenAtSeq: problem[0], reason: problem[1] };
    if (!walk.continuedAnywhere.has(event.hash)) walk.lastDeadEnd = event.seq;
    walk.verifiedHashes.add(event.hash);
    walk.previousSeq = event.seq;
  }
  return { ok: true };
}

interface Walk {
  seqOfStoredHash: Map<string, number>;
  /** Every prevHash in the recording. */
  continuedAnywhere: Set<string>;
  verifiedHashes: Set<string>;
  /** prevHash → the verified event that continues from it. */
  continuedBy: Map<string, StoredEvent>;
  previousSeq: number;
  /** The latest run of missing seqs below the current event. */
  lastGap: { start: number; end: number } | null;
  /** The latest verified event that no event in the recording continues from. */
  lastDeadEnd: number | null;
}

type Problem = [brokenAtSeq: number, reason: string];

function checkEvent(event: StoredEvent, sessionId: string, walk: Walk): Problem | null {
  const seq = event.seq;
  if (seq === walk.previousSeq) return [seq, `two events share seq ${seq}`];
  if (event.sessionId !== sessionId) return [seq, `seq ${seq} belongs to session ${event.sessionId}, not ${sessionId}`];

  const contentProblem = checkContent(event);
  if (contentProblem !== null) return insertionBefore(event, walk) ?? [seq, contentProblem];

  if (event.prevHash === GENESIS_HASH) return null;
  if (walk.verifiedHashes.has(event.prevHash)) {
    const earlier = walk.continuedBy.get(event.prevHash);
    if (earlier !== undefined) return fork(earlier, event, walk);
    walk.continuedBy.set(event.prevHash, event);
    return null;
  }
  return brokenLink(event, walk);
}

function sortBySeq(events: readonly StoredEvent[]): StoredEvent[] {
  for (const event of events) {
    if (!Number.isSafeInteger(event.seq) || event.seq < 1) {
      throw new TypeError(`event seq must be a positive integer, got ${String(event.seq)}`);
    }
  }
  return [...events].sort((a, b) => a.seq - b.seq);
}

function checkContent(event: StoredEvent): string | null {
  let expected: string;
  try {
    expected = computeEventHash(event.prevHash, event);
  } catch (error) {
    return `seq ${event.seq} cannot be encoded for hashing: ${(error as Error).message}`;
  }
  return expected === event.hash ? null : `seq ${event.seq} does not match its hash: the event was altered`;
}

// Two verified events continue from the same predecessor, so one was inserted. The genuine one
// normally has a successor; an inserted one is normally a dead end.
function fork(earlier: StoredEvent, later: StoredEvent, walk: Walk): Problem {
  const from = walk.seqOfStoredHash.get(later.prevHash);
  const laterIsDeadEnd = walk.continuedAnywhere.has(earlier.hash) && !walk.continuedAnywhere.has(later.hash);
  const inserted = laterIsDeadEnd ? later.seq : earlier.seq;
  return [inserted, `seq ${earlier.seq} and seq ${later.seq} both continue from seq ${from}: seq ${inserted} was inserted`];
}

// An insertion into consecutive seqs forces the rows after it to be renumbered; the first of
// them then fails its hash, but the inserted event is the one to report. Recognised when another
// event already continues from this one's predecessor and this event's hash matches its content
// at an earlier seq.
function insertionBefore(event: StoredEvent, walk: Walk): Problem | null {
  const inserted = walk.continuedBy.get(event.prevHash);
  const from = walk.seqOfStoredHash.get(event.prevHash);
  if (inserted === undefined || from === undefined) return null;
  const lowest = Math.max(from + 1, event.seq - MAX_RENUMBER_SHIFT);
  for (let original = event.seq - 1; original >= lowest; original--) {
    if (checkContent({ ...event, seq: original }) === null) {
      return [
        inserted.seq,
        `seq ${inserted.seq} was inserted after seq ${from}; seq ${event.seq} was renumbered from ${original} to make room`,
      ];
    }
  }
  return null;
}

// The event's predecessor is not among the verified events before it: either it was deleted
// (the latest gap in the seqs) or it was edited and re-hashed (the latest event nobody continues
// from). Whichever of the two is closer to the event is reported.
function brokenLink(event: StoredEvent, walk: Walk): Problem {
  const laterSeq = walk.seqOfStoredHash.get(event.prevHash);
  const what =
    laterSeq === undefined
      ? `seq ${event.seq} continues from an event that is not in the recording`
      : `seq ${event.seq} continues from seq ${laterSeq}, which comes after it`;
  const { lastGap, lastDeadEnd } = walk;
  if (lastGap !== null && (lastDeadEnd === null || lastGap.end > lastDeadEnd)) {
    const missing = lastGap.start === lastGap.end ? `seq ${lastGap.start} is` : `seqs ${lastGap.start} to ${lastGap.end} are`;
    return [lastGap.start, `${what}: ${missing} missing (deleted or moved)`];
  }
  if (lastDeadEnd !== null) return [lastDeadEnd, `${what}: seq ${lastDeadEnd} was altered and re-hashed`];
  return [event.seq, what];
}

import { sessionHead } from "./chain";
import { verifyCheckpoint } from "./checkpoint";
import type { Checkpoint, CheckpointKey } from "./checkpoint";
import type { StoredEvent } from "./stored-event";
import { verifyChain } from "./verify-chain";

export type SessionVerdict =
  | {
      ok: true;
      /** Events up to this seq are sealed by the checkpoint. */
      checkpointedThroughSeq: number;
      /** Events recorded after the checkpoint: their chain verifies but no key vouches for them yet. */
      unsealedEvents: number;
    }
  /** brokenAtSeq is null when the break cannot be pinned to one event (e.g. a re-hashed chain). */
  | { ok: false; brokenAtSeq: number | null; reason: string };

/**
 * Full verification of a stored session: the checkpoint's MAC under the recording key, the chain
 * (verifyChain), and the chain's head against the checkpoint, which exposes deleted tails, whole
 * segments removed or added, and chains rebuilt without the key.
 */
export function verifySession(events: readonly StoredEvent[], sealed: Checkpoint, key: CheckpointKey): SessionVerdict {
  if (!verifyCheckpoint(key, sealed)) {
    return { ok: false, brokenAtSeq: null, reason: "the checkpoint was not made with this key, or was altered" };
  }
  return compareWithCheckpoint(events, sealed);
}

/** Everything verifySession checks except the MAC (for holders of a bundle but not of the key). */
export function compareWithCheckpoint(events: readonly StoredEvent[], sealed: Checkpoint): SessionVerdict {
  const foreign = events.find((e) => e.sessionId !== sealed.sessionId);
  if (foreign !== undefined) {
    return {
      ok: false,
      brokenAtSeq: foreign.seq,
      reason: `seq ${foreign.seq} belongs to session ${foreign.sessionId}, but the checkpoint is for ${sealed.sessionId}`,
    };
  }
  const chain = verifyChain(events);
  if (!chain.ok) return chain;

  const covered = events.filter((e) => e.seq <= sealed.lastSeq);
  const later = events.filter((e) => e.seq > sealed.lastSeq);
  const head = sessionHead(covered);
  if (head.lastSeq < sealed.lastSeq) {
    return {
      ok: false,
      brokenAtSeq: head.lastSeq + 1,
      reason: `the checkpoint covers events up to seq ${sealed.lastSeq}, but none after seq ${head.lastSeq} are left: they were deleted`,
    };
  }
  if (head.lastHash !== sealed.lastHash) {
    return {
      ok: false,
      brokenAtSeq: null,
      reason: `the events up to seq ${sealed.lastSeq} do not match the checkpoint: the chain was rebuilt after tampering, or a segment's last events or a whole segment were removed or added`,
    };
  }
  const ended = covered.some((e) => e.type === "session.end");
  const firstLater = later.reduce<number | null>((min, e) => (min === null || e.seq < min ? e.seq : min), null);
  if (ended && firstLater !== null) {
    return {
      ok: false,
      brokenAtSeq: firstLater,
      reason: `seq ${firstLater} was added after the session ended and was sealed`,
    };
  }
  return { ok: true, checkpointedThroughSeq: sealed.lastSeq, unsealedEvents: later.length };
}

// Session seals. An HTTP session's exchanges are separate chains, each sealed by a checkpoint of
// its own (checkpoint.ts), so deleting one exchange's events together with its checkpoint row would
// leave every remaining chain intact. A seal stream closes that gap without making replicas wait
// for each other: every replica serving the session keeps one more chain of its own, whose events
// are `session.seal` events listing the digest (chainId, lastSeq, lastHash) of each exchange it
// finished since its previous seal, and which ends with the `session.end` event when the replica
// closes the session (a stream always starts with a seal, empty if need be, so its first event is
// never taken for an exchange's). Each seal is checkpointed like any chain, so the list cannot be
// shortened or rebuilt without the recording key; verify-recorded-session.ts then requires every
// listed exchange to be present with exactly the sealed head. Several replicas serving one session each keep their own
// stream: nothing is shared, so nothing is locked.
//
// What a seal stream cannot show: the loss of a replica's whole part of a session (all of its
// exchanges and its own seal stream with its checkpoints) looks like that replica never having
// served the session; and exchanges finished after the last seal (a replica that died) are vouched
// for by their own checkpoints only.
import type { ChainHead } from "./chain";
import type { ExchangeDigest, SessionSealPayload } from "./events";
import type { StoredEvent } from "./stored-event";

export const SEAL_EVENT_TYPE = "session.seal";
const END_EVENT_TYPE = "session.end";

/** The digest a seal lists for a finished chain: its id and its checkpointed head. */
export function exchangeDigest(chainId: string, head: ChainHead): ExchangeDigest {
  return { chainId, lastSeq: head.lastSeq, lastHash: head.lastHash };
}

export function sealPayload(exchanges: readonly ExchangeDigest[]): SessionSealPayload {
  return { exchanges: exchanges.map((d) => exchangeDigest(d.chainId, d)) };
}

/** True for a seal stream: only `session.seal` and `session.end` events (exchange chains never look like that). */
export function isSealStream(events: readonly Pick<StoredEvent, "type">[]): boolean {
  return events.length > 0 && events.every((e) => e.type === SEAL_EVENT_TYPE || e.type === END_EVENT_TYPE);
}

/** A digest and where it was listed. */
export interface SealedDigest extends ExchangeDigest {
  /** The seal stream and the seq of the seal event listing it. */
  sealChainId: string;
  sealSeq: number;
}

/** The digests a seal stream's events list, skipping malformed entries (a broken stream is reported by its chain check). */
export function sealedDigests(sealChainId: string, events: readonly StoredEvent[]): SealedDigest[] {
  const found: SealedDigest[] = [];
  for (const event of events) {
    if (event.type !== SEAL_EVENT_TYPE) continue;
    const exchanges = (event.payload as { exchanges?: unknown } | null)?.exchanges;
    if (!Array.isArray(exchanges)) continue;
    for (const entry of exchanges as unknown[]) {
      if (isDigest(entry)) found.push({ ...exchangeDigest(entry.chainId, entry), sealChainId, sealSeq: event.seq });
    }
  }
  return found;
}

function isDigest(value: unknown): value is ExchangeDigest {
  if (typeof value !== "object" || value === null) return false;
  const d = value as Record<string, unknown>;
  return typeof d.chainId === "string" && Number.isSafeInteger(d.lastSeq) && (d.lastSeq as number) >= 1 && typeof d.lastHash === "string";
}

// Hash-chain scheme, version 1.
//
// Segments. A session's events form one or more chain segments. A segment is the run of events
// appended by one serialised writer: one Postgres client connection, or one gateway replica's
// stream of an HTTP session (a replica may equally open one segment per exchange). Inside a
// segment each event's prevHash is the hash of the segment's previous event; a segment's first
// event has prevHash = GENESIS_HASH. A replica never needs another replica's hashes, so the
// gateway hashes in memory (ChainBuilder) with no database read and no cross-replica lock, and
// several replicas can record one HTTP session at once.
//
// Event hash. hash = lowercase hex SHA-256 of
//   "airlock.event.v1\n" + JCS({ sessionId, seq, exchangeId, at, offsetMs, type, payload, prevHash })
// where JCS is RFC 8785 canonical JSON, `at` is ISO-8601 UTC with milliseconds and a missing
// exchangeId is null. Every stored field except the storage key `id` is covered.
//
// Seq. Unique per session and strictly increasing along each segment. Segments may interleave and
// seqs need not be dense, but the writers of one session must draw seqs from disjoint ranges
// (whoever allocates seqs owns that; ChainBuilder accepts a start value or an allocator).
//
// Verification (verify-chain.ts) reads events in seq order and requires of each one that its hash
// matches its content and that its prevHash is GENESIS_HASH or the hash of a lower-seq event that
// no other event continues from. An edit of any field, a reordering, a deletion inside a segment
// and an insertion (which forks a segment, breaks a link, or forces renumbering) therefore all
// fail. The reported seq is exact when each segment's seqs are consecutive (a Postgres session,
// or a seq block per segment) and best-effort when segments interleave.
//
// Session head and checkpoints. What a chain alone cannot show — the last events of a segment or a
// whole segment removed, events appended, or everything re-hashed by someone with database write
// access — is caught by the keyed checkpoint (checkpoint.ts): an HMAC over (sessionId, lastSeq,
// lastHash), where lastSeq is the highest seq and lastHash the session head: the last hash of the
// only segment, or, with several segments, SHA-256("airlock.heads.v1\n" + JCS([[seq, hash], ...]))
// over every segment's last event, sorted by seq. A Postgres session (one segment) is checkpointed
// from the ChainBuilder's head alone; a multi-segment HTTP session is checkpointed once its
// segments are idle, from their tails (mergeHeads) or from the stored events (sessionHead).
import * as crypto from "node:crypto";
import { canonicalEncode, canonicalNumber, canonicalString } from "./canonical";
import { normaliseAt } from "./stored-event";
import type { StoredEvent } from "./stored-event";

export const GENESIS_HASH = "0".repeat(64);

const EVENT_DOMAIN = "airlock.event.v1\n";
const HEADS_DOMAIN = "airlock.heads.v1\n";

/** The event fields a hash covers, apart from prevHash. */
export type HashableEvent = Omit<StoredEvent, "prevHash" | "hash">;

export interface ChainHead {
  /** Highest seq covered; 0 for a session without events. */
  lastSeq: number;
  lastHash: string;
}

export interface SegmentTail {
  seq: number;
  hash: string;
}

// crypto.hash (Node 20.12+) is a one-shot call without a Hash object: about half the cost per event.
const sha256Hex: (text: string) => string =
  typeof crypto.hash === "function"
    ? (text) => crypto.hash("sha256", text, "hex")
    : (text) => crypto.createHash("sha256").update(text, "utf8").digest("hex");

/** The envelope of an event whose payload is already canonical JSON text (see computeEncodedEventHash). */
export interface EncodedEventFields {
  sessionId: string;
  seq: number;
  exchangeId: string | null;
  /** Exactly as normaliseAt gives it: ISO-8601 UTC with milliseconds. */
  at: string;
  offsetMs: number;
  type: string;
}

export function computeEventHash(prevHash: string, event: HashableEvent): string {
  const fields: EncodedEventFields = {
    sessionId: event.sessionId,
    seq: event.seq,
    exchangeId: event.exchangeId ?? null,
    at: normaliseAt(event.at),
    offsetMs: event.offsetMs,
    type: event.type,
  };
  return computeEncodedEventHash(prevHash, fields, canonicalEncode(event.payload));
}

/**
 * computeEventHash for a writer that already holds the payload's canonical JSON text (the gateway
 * stores that same text), so the payload is encoded once. `payloadJson` must be
 * canonicalEncode(payload) and `fields.at` normalised, or the hash will not verify.
 */
export function computeEncodedEventHash(prevHash: string, fields: EncodedEventFields, payloadJson: string): string {
  // JCS of { sessionId, seq, exchangeId, at, offsetMs, type, payload, prevHash }, written out with
  // its keys in canonical (sorted) order; test/chain.test.ts checks it against canonicalEncode.
  const covered =
    `{"at":${canonicalString(fields.at)}` +
    `,"exchangeId":${fields.exchangeId === null ? "null" : canonicalString(fields.exchangeId)}` +
    `,"offsetMs":${canonicalNumber(fields.offsetMs)}` +
    `,"payload":${payloadJson}` +
    `,"prevHash":${canonicalString(prevHash)}` +
    `,"seq":${canonicalNumber(fields.seq)}` +
    `,"sessionId":${canonicalString(fields.sessionId)}` +
    `,"type":${canonicalString(fields.type)}}`;
  return sha256Hex(EVENT_DOMAIN + covered);
}

/** The session head from the last event of every segment (in any order). */
export function mergeHeads(tails: readonly SegmentTail[]): ChainHead {
  if (tails.length === 0) return { lastSeq: 0, lastHash: GENESIS_HASH };
  const sorted = [...tails].sort((a, b) => a.seq - b.seq);
  const last = sorted[sorted.length - 1] as SegmentTail;
  if (sorted.length === 1) return { lastSeq: last.seq, lastHash: last.hash };
  const digest = sha256Hex(HEADS_DOMAIN + canonicalEncode(sorted.map((t) => [t.seq, t.hash])));
  return { lastSeq: last.seq, lastHash: digest };
}

/** The last event of each segment: the events no other event continues from. */
export function segmentTails(events: readonly Pick<StoredEvent, "seq" | "prevHash" | "hash">[]): SegmentTail[] {
  const continued = new Set(events.map((e) => e.prevHash));
  return events.filter((e) => !continued.has(e.hash)).map((e) => ({ seq: e.seq, hash: e.hash }));
}

/** The session head of a set of stored events (meaningful once verifyChain accepts them). */
export function sessionHead(events: readonly Pick<StoredEvent, "seq" | "prevHash" | "hash">[]): ChainHead {
  return mergeHeads(segmentTails(events));
}

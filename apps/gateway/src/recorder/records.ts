// What flows from the data paths to PostgreSQL: the in-memory queue, the spool file and the batch
// writer all carry these plain-JSON records, in order. Order matters: a session row must reach the
// database before the events, flags and checkpoints that refer to it.
import type { EventFacts } from "./session-facts";

/** A session created in memory (its row is written by the batch writer, not by openChain). */
export interface SessionRecord {
  kind: "session";
  id: string;
  connectionId: string;
  connectionName: string;
  protocol: "http" | "postgres";
  identityKind: "user" | "service_account";
  identityId: string;
  identityLabel: string;
  clientKey: string | null;
  /** ISO-8601 UTC. */
  startedAt: string;
}

export interface EventRecord {
  kind: "event";
  sessionId: string;
  chainId: string;
  seq: number;
  /** ISO-8601 UTC with milliseconds, exactly as hashed. */
  at: string;
  offsetMs: number;
  type: string;
  /** The payload as canonical JSON text (storable-json.ts): exactly what was hashed, and what is stored. */
  payloadJson: string;
  /** What the console's filters and search take from this event; absent when nothing. */
  facts?: EventFacts;
  prevHash: string;
  hash: string;
}

export interface CheckpointRecord {
  kind: "checkpoint";
  id: string;
  sessionId: string;
  chainId: string;
  lastSeq: number;
  lastHash: string;
  mac: string;
}

export interface FlagsRecord {
  kind: "flags";
  sessionId: string;
  hasBlock?: boolean;
  hasApproval?: boolean;
  hasError?: boolean;
  searchText?: string;
}

export type RecorderRecord = SessionRecord | EventRecord | CheckpointRecord | FlagsRecord;

export function countEvents(records: readonly RecorderRecord[]): number {
  let n = 0;
  for (const record of records) if (record.kind === "event") n++;
  return n;
}

/** Fixed cost of a record in memory besides its payload text: object, ids, hashes, time. */
const RECORD_OVERHEAD_BYTES = 512;

/** About how much memory a queued record holds, for the queue's byte bound (UTF-16 strings: 2 bytes a character). */
export function recordBytes(record: RecorderRecord): number {
  if (record.kind === "event") return RECORD_OVERHEAD_BYTES + 2 * record.payloadJson.length;
  if (record.kind === "flags") return RECORD_OVERHEAD_BYTES + 2 * (record.searchText?.length ?? 0);
  return RECORD_OVERHEAD_BYTES;
}

export function sumRecordBytes(records: readonly RecorderRecord[]): number {
  let n = 0;
  for (const record of records) n += recordBytes(record);
  return n;
}

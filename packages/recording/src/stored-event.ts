import { isEventType } from "./events";
import type { RecordedEvent } from "./events";

/**
 * An event as it comes back from storage (a SessionEvent row, or an entry of an evidence
 * bundle): loosely typed, `at` a Date or a string. Extra columns such as `id` are ignored.
 */
export interface StoredEvent {
  sessionId: string;
  seq: number;
  exchangeId?: string | null;
  at: Date | string;
  offsetMs: number;
  type: string;
  payload: unknown;
  prevHash: string;
  hash: string;
}

/** The form of `at` that is hashed: ISO-8601 UTC with milliseconds. */
export function normaliseAt(at: Date | string): string {
  const date = typeof at === "string" ? new Date(at) : at;
  if (!(date instanceof Date) || Number.isNaN(date.getTime())) {
    throw new RangeError(`invalid event time: ${String(at)}`);
  }
  return date.toISOString();
}

/**
 * Converts a stored row to a typed event. The payload is not validated against its type: it was
 * written by the gateway and is covered by the hash chain, so verify the chain to trust it.
 */
export function fromStoredEvent(row: StoredEvent): RecordedEvent {
  if (!isEventType(row.type)) {
    throw new TypeError(
      `unknown event type '${row.type}' at seq ${row.seq}: was it recorded by a newer Airlock?`,
    );
  }
  return {
    sessionId: row.sessionId,
    seq: row.seq,
    exchangeId: row.exchangeId ?? null,
    at: normaliseAt(row.at),
    offsetMs: row.offsetMs,
    type: row.type,
    payload: row.payload,
    prevHash: row.prevHash,
    hash: row.hash,
  } as RecordedEvent;
}

// Keyed checkpoints: an HMAC-SHA256 over a session's head, so that someone who can write to the
// database but does not hold the recording key cannot re-hash a tampered chain into one that
// still matches. See chain.ts for what the head covers.
import { createHmac, timingSafeEqual } from "node:crypto";
import { canonicalEncode } from "./canonical";

export const CHECKPOINT_SCHEME = "airlock.checkpoint.v1";

/** Raw key bytes, or a string used as its UTF-8 bytes (e.g. a base64 secret from configuration). */
export type CheckpointKey = string | Uint8Array;

export interface Checkpoint {
  scheme: typeof CHECKPOINT_SCHEME;
  sessionId: string;
  lastSeq: number;
  lastHash: string;
  /** Lowercase hex HMAC-SHA256. */
  mac: string;
}

const MIN_KEY_BYTES = 32;

function computeMac(key: CheckpointKey, sessionId: string, lastSeq: number, lastHash: string): string {
  const bytes = typeof key === "string" ? Buffer.from(key, "utf8") : key;
  if (bytes.byteLength < MIN_KEY_BYTES) {
    throw new RangeError(`checkpoint key must be at least ${MIN_KEY_BYTES} bytes`);
  }
  const signed = `${CHECKPOINT_SCHEME}\n${canonicalEncode({ sessionId, lastSeq, lastHash })}`;
  return createHmac("sha256", bytes).update(signed, "utf8").digest("hex");
}

export function checkpoint(key: CheckpointKey, sessionId: string, lastSeq: number, lastHash: string): Checkpoint {
  return { scheme: CHECKPOINT_SCHEME, sessionId, lastSeq, lastHash, mac: computeMac(key, sessionId, lastSeq, lastHash) };
}

/** True when the checkpoint was made with this key and none of its fields changed since. */
export function verifyCheckpoint(key: CheckpointKey, candidate: Checkpoint): boolean {
  if (!isCheckpoint(candidate)) return false;
  const expected = Buffer.from(computeMac(key, candidate.sessionId, candidate.lastSeq, candidate.lastHash), "hex");
  const given = Buffer.from(candidate.mac, "hex");
  return given.length === expected.length && timingSafeEqual(given, expected);
}

/** Shape check for checkpoints read from storage or from an evidence bundle. */
export function isCheckpoint(value: unknown): value is Checkpoint {
  if (typeof value !== "object" || value === null) return false;
  const c = value as Record<string, unknown>;
  return (
    c.scheme === CHECKPOINT_SCHEME &&
    typeof c.sessionId === "string" &&
    Number.isSafeInteger(c.lastSeq) &&
    (c.lastSeq as number) >= 0 &&
    typeof c.lastHash === "string" &&
    typeof c.mac === "string" &&
    /^[0-9a-f]{64}$/.test(c.mac)
  );
}

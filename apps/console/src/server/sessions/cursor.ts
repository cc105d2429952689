// Opaque keyset cursors: base64url of the last row's sort key.
import { badRequest } from "../errors";

export function encodeCursor(parts: (string | number)[]): string {
  return Buffer.from(JSON.stringify(parts)).toString("base64url");
}

export function decodeCursor(cursor: string): unknown[] {
  try {
    const parts: unknown = JSON.parse(Buffer.from(cursor, "base64url").toString("utf8"));
    if (Array.isArray(parts)) return parts;
  } catch {
    // Reported below.
  }
  throw badRequest("cursor: not a cursor this API returned");
}

/** PostgreSQL `timestamp(3)` columns hold UTC wall time: compare against the ISO text without its zone. */
export function utcTimestampText(date: Date): string {
  return date.toISOString().replace("Z", "");
}

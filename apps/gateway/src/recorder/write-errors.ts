// Sorting database errors: most mean "PostgreSQL is unavailable, try again later" and send the
// batch to the spool; a few mean "these rows can never be stored", and retrying them forever would
// fill the spool and stop all traffic, so those records are isolated and set aside instead.

/**
 * SQLSTATE classes for data the database will refuse however often it is retried: 22 data
 * exception (e.g. a value out of range), 23 integrity constraint violation (e.g. the session row
 * was purged while its chain was open), 54 program limit exceeded (e.g. a value too large).
 */
const UNSTORABLE_CLASSES = new Set(["22", "23", "54"]);

export function isUnstorableDataError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && code.length === 5 && UNSTORABLE_CLASSES.has(code.slice(0, 2));
}

/**
 * One line a person can act on, for errors from the database or the schema engine (whose messages
 * carry multi-line Rust backtraces). Never includes the connection string, which may hold a password.
 */
export function describeDbError(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: unknown[] };
  const code = e?.code;
  if (code === "ECONNREFUSED") return "cannot reach PostgreSQL (connection refused). Is the server running, and is DATABASE_URL's host and port right?";
  if (code === "ENOTFOUND" || code === "EAI_AGAIN") return "cannot resolve the PostgreSQL host in DATABASE_URL.";
  if (code === "28P01" || code === "28000") return "PostgreSQL rejected the credentials in DATABASE_URL.";
  if (code === "3D000") return "the database named in DATABASE_URL does not exist; create it first.";
  if (Array.isArray(e?.errors) && e.errors.length) return describeDbError(e.errors[0]);
  const message = String(e?.message ?? err);
  const lines = message.split("\n").map((l) => l.trim()).filter((l) => l && !/^\d+: |^at |^with /.test(l));
  return lines.slice(0, 2).join(" ").replace(/postgres(ql)?:\/\/[^\s]+/g, "<database url>");
}

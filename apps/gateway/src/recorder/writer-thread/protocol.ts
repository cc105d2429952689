// Messages between the recorder (thread-writer.ts) and its writer thread (worker.ts). Records are
// plain JSON, so they cross by structured clone as they are; errors do not keep the fields the
// pipeline sorts them by (SQLSTATE `code`, the `errors` of a failed connect), so they cross as
// plain objects and are rebuilt on the other side.
import type { RecorderRecord } from "../records";

/** What the writer thread needs to open its own connection pool (see db-writer.ts). */
export interface WriterThreadData {
  connectionString: string;
  timeoutMs: number;
  firstSeq: number;
  searchTextMax: number;
}

export type ToWriterThread =
  | { type: "write"; id: number; records: readonly RecorderRecord[] }
  | { type: "close"; id: number };

export type WriterLogLevel = "debug" | "warn";

export type FromWriterThread =
  | { type: "ready" }
  | { type: "written"; id: number }
  | { type: "failed"; id: number; error: CrossedError }
  | { type: "closed"; id: number }
  | { type: "log"; level: WriterLogLevel; fields: Record<string, unknown>; message: string };

export interface CrossedError {
  name: string;
  message: string;
  code?: string;
  errors?: CrossedError[];
}

export function crossError(error: unknown): CrossedError {
  const e = (typeof error === "object" && error !== null ? error : {}) as { name?: unknown; message?: unknown; code?: unknown; errors?: unknown };
  return {
    name: typeof e.name === "string" ? e.name : "Error",
    message: typeof e.message === "string" ? e.message : String(error),
    ...(typeof e.code === "string" ? { code: e.code } : {}),
    ...(Array.isArray(e.errors) ? { errors: e.errors.map(crossError) } : {}),
  };
}

export function rebuildError(crossed: CrossedError): Error {
  const error = new Error(crossed.message) as Error & { code?: string; errors?: Error[] };
  error.name = crossed.name;
  if (crossed.code !== undefined) error.code = crossed.code;
  if (crossed.errors) error.errors = crossed.errors.map(rebuildError);
  return error;
}

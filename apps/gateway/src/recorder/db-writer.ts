// The recorder's own small connection pool and a time bound on every batch. The recorder does not
// write through the shared Prisma client: a write must be abandoned (and its connection destroyed,
// which rolls back an uncommitted transaction) once it takes longer than the bound, so that a slow
// or unreachable PostgreSQL sends batches to the spool instead of stalling the queue, and a
// recording backlog must never take connections the request path needs.
import pg from "pg";
import { describeDbError } from "@airlock/db/errors";
import type { BatchSqlOptions } from "./batch-sql";
import { FullSearchTexts } from "./full-search-texts";
import { writeBatchPreparedOrNot, type StatementMode } from "./prepared-statements";
import type { RecorderRecord } from "./records";

export class WriteTimeoutError extends Error {
  constructor(ms: number) {
    super(`PostgreSQL did not complete the batch within ${ms} ms`);
  }
}

/**
 * What the writer logs through: a pino logger, or, in the writer thread (writer-thread/), one that
 * forwards to the main thread's logger.
 */
export interface WriterLog {
  debug(fields: object, message: string): void;
  warn(fields: object, message: string): void;
}

export interface DbWriterOptions extends BatchSqlOptions {
  connectionString: string;
  /** Longest a batch may take, connecting included, before it counts as failed. */
  timeoutMs: number;
  /** Seq of a chain's first event (counts exchanges). */
  firstSeq: number;
  logger: WriterLog;
}

export interface DbWriter {
  write(records: readonly RecorderRecord[]): Promise<void>;
  close(): Promise<void>;
}

export function createDbWriter(options: DbWriterOptions): DbWriter {
  const pool = new pg.Pool({
    connectionString: options.connectionString,
    // One writer runs at a time; the second connection lets a replacement connect while a
    // timed-out one is still being torn down.
    max: 2,
    connectionTimeoutMillis: options.timeoutMs,
    query_timeout: options.timeoutMs,
    statement_timeout: options.timeoutMs,
    idleTimeoutMillis: 30_000,
    keepAlive: true,
    application_name: "airlock-recorder",
  });
  // Idle connections that die (server restart, network cut) are reported here; the next write
  // simply opens a new one. Without a listener the error would crash the process.
  pool.on("error", (error) => options.logger.debug({ err: describeDbError(error) }, "recorder: idle database connection closed"));
  const batchOptions: BatchSqlOptions = { searchTextMax: options.searchTextMax, fullSearchTexts: options.fullSearchTexts ?? new FullSearchTexts() };
  const mode: StatementMode = { prepared: true };

  async function write(records: readonly RecorderRecord[]): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    let timedOut = false;
    let client: pg.PoolClient | undefined;
    const deadline = new Promise<never>((_, reject) => {
      timer = setTimeout(() => {
        timedOut = true;
        // Destroying the connection makes the server roll back whatever was not committed.
        client?.release(new WriteTimeoutError(options.timeoutMs));
        reject(new WriteTimeoutError(options.timeoutMs));
      }, options.timeoutMs);
    });
    const work = (async () => {
      const connected = await pool.connect();
      if (timedOut) {
        connected.release(new WriteTimeoutError(options.timeoutMs));
        return;
      }
      client = connected;
      // A checked-out client has no error listener of its own: without this, a connection reset
      // between queries would surface as an uncaught exception. The failed query reports it too.
      const onConnectionError = (error: Error) => options.logger.debug({ err: describeDbError(error) }, "recorder: database connection lost mid-batch");
      connected.on("error", onConnectionError);
      let failure: Error | undefined;
      try {
        await writeBatchPreparedOrNot(connected, records, options.firstSeq, batchOptions, mode, options.logger);
      } catch (error) {
        failure = error instanceof Error ? error : new Error(String(error));
        throw error;
      } finally {
        connected.removeListener("error", onConnectionError);
        // After a timeout the deadline already released (destroyed) the client.
        if (!timedOut) connected.release(failure && isConnectionProblem(failure) ? failure : undefined);
      }
    })();
    // The loser of the race settles later; its outcome is already accounted for.
    work.catch(() => undefined);
    try {
      await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  return { write, close: () => pool.end() };
}

/** Errors with an SQLSTATE leave the connection usable; anything else (resets, timeouts) does not. */
function isConnectionProblem(error: Error): boolean {
  const code = (error as Error & { code?: unknown }).code;
  return typeof code !== "string" || !/^[0-9A-Z]{5}$/.test(code);
}

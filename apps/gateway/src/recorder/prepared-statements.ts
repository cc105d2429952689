// The recorder sends its batch statements as named prepared statements (batch-sql.ts). A connection
// that cannot keep them — a pooler in transaction mode that hands each transaction another server
// connection, without protocol-level prepared statement support — answers "prepared statement does
// not exist" (or "already exists"). Such a batch is written again at once with unnamed statements,
// and so is every later one: a recording must not stop because of how the database is reached.
import type { PoolClient } from "pg";
import { describeDbError } from "@airlock/db/errors";
import { writeBatchSql, type BatchSqlOptions } from "./batch-sql";
import type { WriterLog } from "./db-writer";
import type { RecorderRecord } from "./records";

/** invalid_sql_statement_name and duplicate_prepared_statement. */
const PREPARED_STATEMENT_CODES = new Set(["26000", "42P05"]);

export function isPreparedStatementProblem(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && PREPARED_STATEMENT_CODES.has(code);
}

/** Whether batches still go as prepared statements; shared by every batch of one writer. */
export interface StatementMode {
  prepared: boolean;
}

export async function writeBatchPreparedOrNot(
  client: PoolClient,
  records: readonly RecorderRecord[],
  firstSeq: number,
  options: BatchSqlOptions,
  mode: StatementMode,
  logger: WriterLog,
): Promise<void> {
  try {
    await writeBatchSql(client, records, firstSeq, { ...options, prepared: mode.prepared });
  } catch (error) {
    if (!mode.prepared || !isPreparedStatementProblem(error)) throw error;
    mode.prepared = false;
    logger.warn(
      { err: describeDbError(error) },
      "recorder: the database connection does not keep prepared statements (a pooler in transaction mode?); writing with unnamed statements from now on",
    );
    // writeBatchSql rolled the transaction back; the connection itself is fine.
    await writeBatchSql(client, records, firstSeq, { ...options, prepared: false });
  }
}

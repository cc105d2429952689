export const SQL_CLASSES = [
  "select",
  "insert",
  "update",
  "delete",
  "merge",
  "ddl_create",
  "ddl_alter",
  "ddl_drop",
  "truncate",
  "grant",
  "revoke",
  "copy_to",
  "copy_from",
  "copy_program",
  "transaction",
  "set",
  "show",
  "explain",
  "call",
  "other",
] as const;

export type SqlClass = (typeof SQL_CLASSES)[number];

export interface ClassifiedStatement {
  /** What the statement does; for a read that hides a write (WITH x AS (DELETE …) SELECT) the write. */
  class: SqlClass;
  /** Every class involved: the main statement and each data-modifying or query part inside it. */
  classes: SqlClass[];
  /** An UPDATE or DELETE (anywhere in the statement) without a WHERE clause, or with an always-true one. */
  noWhere: boolean;
  /** DROP, TRUNCATE, ALTER, GRANT, REVOKE, COPY … PROGRAM, UPDATE/DELETE without WHERE, risky DO blocks. */
  destructive: boolean;
  /** May change data, schema, privileges or server files. */
  writes: boolean;
  /** Offsets of the statement in the query string. */
  start: number;
  end: number;
  /** Short human description for messages, e.g. "DELETE without WHERE", "DROP TABLE". */
  summary: string;
}

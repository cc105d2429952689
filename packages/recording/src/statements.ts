import type { CompactSqlStatement, SqlStatementPayload } from "./events";
import type { StoredEvent } from "./stored-event";

export interface ReplayStatement {
  /** When the statement finished, in ms since the session started. */
  offsetMs: number;
  /** The same moment as ISO-8601 UTC, derived from the event's own time and offset. */
  at: string;
  /** The statement as a `sql.statement` event would have carried it. */
  payload: SqlStatementPayload;
}

/** The statements of one compact `sql.statements` event, in the order they finished. */
export function expandStatements(event: Pick<StoredEvent, "type" | "seq" | "payload" | "at" | "offsetMs">): ReplayStatement[] {
  if (event.type !== "sql.statements") {
    throw new TypeError(`seq ${event.seq} is a ${event.type} event, not sql.statements`);
  }
  const payload = event.payload as { texts?: unknown; statements?: unknown } | null;
  const texts = payload?.texts;
  const statements = payload?.statements;
  if (!Array.isArray(texts) || !Array.isArray(statements)) {
    throw new TypeError(`seq ${event.seq}: texts and statements must be arrays`);
  }
  const eventMs = new Date(event.at).getTime();
  return statements.map((entry: unknown, i) => {
    const statement = entry as Partial<CompactSqlStatement> | null;
    const text: unknown = texts[statement?.textIndex ?? -1];
    const offsetMs = statement?.offsetMs;
    if (typeof offsetMs !== "number" || !Number.isFinite(offsetMs) || typeof text !== "string") {
      throw new TypeError(`seq ${event.seq}: statement ${i} needs a numeric offset and a text index within texts`);
    }
    const { offsetMs: _offsetMs, textIndex: _textIndex, ...rest } = statement as CompactSqlStatement;
    return { offsetMs, at: new Date(eventMs - (event.offsetMs - offsetMs)).toISOString(), payload: { text, ...rest } };
  });
}

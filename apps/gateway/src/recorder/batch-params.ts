// Turns a batch of records into the parameters batch-sql.ts sends: one array per column, except
// event payloads, which already are JSON text and travel as one JSON array. Pure and synchronous,
// so its cost can be measured without a database (bench/recorder-append.ts).
import type { CheckpointRecord, EventRecord, RecorderRecord, SessionRecord } from "./records";
import { collectSessionFacts } from "./session-facts";

export interface PreparedBatch {
  sessions: SessionRecord[];
  events: EventRecord[];
  checkpoints: CheckpointRecord[];
  /** Session ids whose row the batch updates, sorted (the lock order). */
  touched: string[];
  /** INSERT_EVENTS's parameters: column arrays, and the payloads as one JSON array text. */
  eventColumns: unknown[];
  /** UPDATE_FACTS's parameters, or null when no session has facts in this batch. */
  factColumns: unknown[][] | null;
}

function column<T, V>(rows: readonly T[], pick: (row: T) => V): V[] {
  return rows.map(pick);
}

export function prepareBatch(
  records: readonly RecorderRecord[],
  searchTextMax: number,
  searchTextFull?: (sessionId: string) => boolean,
): PreparedBatch {
  const sessions = records.filter((r): r is SessionRecord => r.kind === "session");
  const events = records.filter((r): r is EventRecord => r.kind === "event");
  const checkpoints = records.filter((r): r is CheckpointRecord => r.kind === "checkpoint");
  const facts = collectSessionFacts(records, searchTextMax, searchTextFull);
  const touched = [...new Set([...events.map((e) => e.sessionId), ...facts.keys()])].sort();
  const eventColumns = [
    column(events, (e) => e.sessionId),
    column(events, (e) => e.chainId),
    column(events, (e) => e.seq),
    column(events, (e) => e.at),
    column(events, (e) => e.offsetMs),
    column(events, (e) => e.type),
    `[${column(events, (e) => e.payloadJson).join(",")}]`,
    column(events, (e) => e.prevHash),
    column(events, (e) => e.hash),
  ];
  let factColumns: unknown[][] | null = null;
  if (facts.size > 0) {
    const entries = [...facts.entries()];
    const pieces = entries.flatMap(([id, f]) => f.texts.map((text) => [id, text] as const));
    factColumns = [
      column(entries, ([id]) => id),
      column(entries, ([, f]) => f.hasBlock),
      column(entries, ([, f]) => f.hasApproval),
      column(entries, ([, f]) => f.hasError),
      column(pieces, ([id]) => id),
      column(pieces, ([, text]) => text),
    ];
  }
  return { sessions, events, checkpoints, touched, eventColumns, factColumns };
}

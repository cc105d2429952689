// Turns a batch of records into the parameters batch-sql.ts sends: one array per column (as an
// array literal where that is safe, see textArrayParam), except event payloads, which already are
// JSON text and travel as one JSON array. Pure and synchronous,
// so its cost can be measured without a database (bench/recorder-append.ts).
import type { CheckpointRecord, EventRecord, RecorderRecord, SessionRecord } from "./records";
import { collectSessionFacts } from "./session-facts";

export interface PreparedBatch {
  sessions: SessionRecord[];
  events: EventRecord[];
  checkpoints: CheckpointRecord[];
  /** Session ids whose row the batch updates, sorted (the lock order). */
  touched: string[];
  /** INSERT_EVENTS's parameters: column arrays (or their array literals), and the payloads as one JSON array text. */
  eventColumns: unknown[];
  /** UPDATE_FACTS's parameters, or null when no session has facts in this batch. */
  factColumns: unknown[][] | null;
}

function column<T, V>(rows: readonly T[], pick: (row: T) => V): V[] {
  return rows.map(pick);
}

/**
 * A text[] parameter as PostgreSQL's array literal, every element quoted. node-postgres would
 * quote and escape element by element (two regex replaces each, thousands per batch); ids, hashes
 * and timestamps never contain a quote or a backslash, the only characters special inside quotes,
 * so they go as they are. Anything else keeps node-postgres's escaping.
 */
export function textArrayParam(values: readonly string[]): string | readonly string[] {
  if (values.length === 0) return "{}";
  for (const value of values) if (value.includes('"') || value.includes("\\")) return values;
  return `{"${values.join('","')}"}`;
}

/** An int[] parameter as an array literal (the values are integers: seqs and clamped offsets). */
export function intArrayParam(values: readonly number[]): string {
  return `{${values.join(",")}}`;
}

export function prepareBatch(
  records: readonly RecorderRecord[],
  searchTextMax: number,
  searchTextFull?: (sessionId: string) => boolean,
): PreparedBatch {
  const sessions: SessionRecord[] = [];
  const events: EventRecord[] = [];
  const checkpoints: CheckpointRecord[] = [];
  // One pass over the batch straight into the column arrays: the batch writer runs this for every
  // batch on the event loop, and a pass per column was a visible share of a request's CPU.
  const sessionIds: string[] = [];
  const chainIds: string[] = [];
  const seqs: number[] = [];
  const ats: string[] = [];
  const offsets: number[] = [];
  const types: string[] = [];
  const payloads: string[] = [];
  const prevHashes: string[] = [];
  const hashes: string[] = [];
  const touchedIds = new Set<string>();
  for (const record of records) {
    if (record.kind === "event") {
      events.push(record);
      sessionIds.push(record.sessionId);
      chainIds.push(record.chainId);
      seqs.push(record.seq);
      ats.push(record.at);
      offsets.push(record.offsetMs);
      types.push(record.type);
      payloads.push(record.payloadJson);
      prevHashes.push(record.prevHash);
      hashes.push(record.hash);
      touchedIds.add(record.sessionId);
    } else if (record.kind === "session") sessions.push(record);
    else if (record.kind === "checkpoint") checkpoints.push(record);
  }
  const facts = collectSessionFacts(records, searchTextMax, searchTextFull);
  for (const id of facts.keys()) touchedIds.add(id);
  const touched = [...touchedIds].sort();
  const eventColumns = [
    textArrayParam(sessionIds),
    textArrayParam(chainIds),
    intArrayParam(seqs),
    textArrayParam(ats),
    intArrayParam(offsets),
    textArrayParam(types),
    `[${payloads.join(",")}]`,
    textArrayParam(prevHashes),
    textArrayParam(hashes),
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

// What the console filters and searches on, derived from each event when it is appended (the
// queued record carries the payload only as JSON text): flags and a little masked text per session.
// Payloads are already masked by the data path.
import type { RecorderRecord } from "./records";
import { storableString } from "./storable-json";

/** Flags and text one event contributes (only the ones that are set). */
export interface EventFacts {
  hasBlock?: true;
  hasApproval?: true;
  hasError?: true;
  /** Masked text to append to the session's searchText. */
  text?: string;
}

/** Longest piece of text one event contributes to searchText. */
const EVENT_TEXT_MAX = 1_000;

/**
 * `text` as a string of its own. V8 makes a `slice` a view that keeps the whole original alive, and
 * a concatenation a pair that keeps both parts: the first 1,000 characters of a 16 KB reply kept
 * the 16 KB in every queued record (beyond what the queue's byte bound counts), copied by each
 * young-generation collection until the record was written. structuredClone copies the characters
 * exactly, lone surrogates included (~0.6 µs for 1,000 characters).
 */
function detached(text: string): string {
  return structuredClone(text);
}

type Payload = Record<string, unknown>;

function str(value: unknown): string {
  return typeof value === "string" ? value : "";
}

function hasErrorField(payload: Payload): boolean {
  return typeof payload.error === "object" && payload.error !== null;
}

function requestText(payload: Payload): string {
  const messages = Array.isArray(payload.messages) ? payload.messages : [];
  return messages.map((m) => str((m as Payload | null)?.text)).filter(Boolean).join("\n");
}

/** Flags and text one event contributes; undefined when nothing (unknown types contribute nothing). */
export function factsOfEvent(type: string, payload: unknown): EventFacts | undefined {
  const p = (typeof payload === "object" && payload !== null ? payload : {}) as Payload;
  const facts: EventFacts = {};
  let text = "";
  switch (type) {
    case "exchange.request":
      text = requestText(p);
      break;
    case "exchange.end":
      text = str(p.text);
      if (hasErrorField(p)) facts.hasError = true;
      break;
    case "sql.statement":
      text = str(p.text);
      if (hasErrorField(p)) facts.hasError = true;
      break;
    case "guardrail.block":
      facts.hasBlock = true;
      text = str(p.reason);
      break;
    case "error":
      facts.hasError = true;
      text = str(p.message);
      break;
    default:
      if (type.startsWith("approval.")) facts.hasApproval = true;
  }
  if (text) facts.text = storableString(text.length > EVENT_TEXT_MAX ? detached(text.slice(0, EVENT_TEXT_MAX)) : text);
  return facts.text || facts.hasBlock || facts.hasApproval || facts.hasError ? facts : undefined;
}

/** Most text one compact `sql.statements` event contributes (a capped searchText is 32 KiB by default). */
const STATEMENTS_TEXT_MAX = 32_768;

/** Facts of a compact `sql.statements` event: its distinct (storable) texts, and whether any statement failed. */
export function factsOfStatements(texts: readonly string[], hasError: boolean): EventFacts | undefined {
  let text = "";
  for (const statement of texts) {
    if (text.length >= STATEMENTS_TEXT_MAX) break;
    // A cut can split a surrogate pair; storableString mends what a cut breaks.
    text += (text ? "\n" : "") + statement.slice(0, EVENT_TEXT_MAX);
  }
  const facts: EventFacts = {};
  if (text) facts.text = storableString(detached(text.slice(0, STATEMENTS_TEXT_MAX)));
  if (hasError) facts.hasError = true;
  return facts.text || facts.hasError ? facts : undefined;
}

/** Per-session facts of a batch: event-derived facts merged with explicit flagSession records. */
export interface BatchSessionFacts {
  hasBlock: boolean;
  hasApproval: boolean;
  hasError: boolean;
  /** Pieces of masked text, in order; at most `textMax` characters in all. */
  texts: string[];
}

/**
 * @param searchTextFull sessions whose searchText is known to be at its cap: their text is left
 *   out, since the database would cut all of it off anyway.
 */
export function collectSessionFacts(
  records: readonly RecorderRecord[],
  textMax: number,
  searchTextFull: (sessionId: string) => boolean = () => false,
): Map<string, BatchSessionFacts> {
  const bySession = new Map<string, BatchSessionFacts & { textLength: number }>();
  for (const record of records) {
    if (record.kind !== "event" && record.kind !== "flags") continue;
    const facts: EventFacts | undefined =
      record.kind === "event"
        ? record.facts
        : { hasBlock: record.hasBlock || undefined, hasApproval: record.hasApproval || undefined, hasError: record.hasError || undefined, text: record.searchText };
    if (!facts) continue;
    const text = facts.text && !searchTextFull(record.sessionId) ? facts.text : "";
    if (!text && !facts.hasBlock && !facts.hasApproval && !facts.hasError) continue;
    let entry = bySession.get(record.sessionId);
    if (!entry) {
      entry = { hasBlock: false, hasApproval: false, hasError: false, texts: [], textLength: 0 };
      bySession.set(record.sessionId, entry);
    }
    entry.hasBlock ||= facts.hasBlock === true;
    entry.hasApproval ||= facts.hasApproval === true;
    entry.hasError ||= facts.hasError === true;
    const room = textMax - entry.textLength;
    if (text && room > 0) {
      const piece = text.slice(0, room);
      entry.texts.push(piece);
      entry.textLength += piece.length;
    }
  }
  const result = new Map<string, BatchSessionFacts>();
  for (const [sessionId, { textLength: _textLength, ...facts }] of bySession) result.set(sessionId, facts);
  return result;
}

// What the console filters and searches on, derived from the events of a batch: flags and a
// little masked text per session. Payloads are already masked by the data path.
import type { RecorderRecord } from "./records";

export interface SessionFacts {
  hasBlock: boolean;
  hasApproval: boolean;
  hasError: boolean;
  /** Masked text to append to the session's searchText ("" for none). */
  text: string;
}

/** Longest piece of text one event contributes to searchText. */
const EVENT_TEXT_MAX = 1_000;

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

/** Flags and text one event contributes. Unknown types contribute nothing. */
export function factsOfEvent(type: string, payload: unknown): SessionFacts {
  const p = (typeof payload === "object" && payload !== null ? payload : {}) as Payload;
  const facts: SessionFacts = { hasBlock: false, hasApproval: false, hasError: false, text: "" };
  switch (type) {
    case "exchange.request":
      facts.text = requestText(p);
      break;
    case "exchange.end":
      facts.text = str(p.text);
      facts.hasError = hasErrorField(p);
      break;
    case "sql.statement":
      facts.text = str(p.text);
      facts.hasError = hasErrorField(p);
      break;
    case "guardrail.block":
      facts.hasBlock = true;
      facts.text = str(p.reason);
      break;
    case "error":
      facts.hasError = true;
      facts.text = str(p.message);
      break;
    default:
      if (type.startsWith("approval.")) facts.hasApproval = true;
  }
  facts.text = facts.text.slice(0, EVENT_TEXT_MAX);
  return facts;
}

/** Per-session facts of a batch: event-derived facts merged with explicit flagSession records. */
export interface BatchSessionFacts {
  hasBlock: boolean;
  hasApproval: boolean;
  hasError: boolean;
  /** Pieces of masked text, in order; at most `textMax` characters in all. */
  texts: string[];
}

export function collectSessionFacts(records: readonly RecorderRecord[], textMax: number): Map<string, BatchSessionFacts> {
  const bySession = new Map<string, BatchSessionFacts & { textLength: number }>();
  for (const record of records) {
    let facts: Partial<SessionFacts>;
    if (record.kind === "event") facts = factsOfEvent(record.type, record.payload);
    else if (record.kind === "flags") {
      facts = { hasBlock: record.hasBlock, hasApproval: record.hasApproval, hasError: record.hasError, text: record.searchText ?? "" };
    } else continue;
    if (!facts.text && !facts.hasBlock && !facts.hasApproval && !facts.hasError) continue;
    let entry = bySession.get(record.sessionId);
    if (!entry) {
      entry = { hasBlock: false, hasApproval: false, hasError: false, texts: [], textLength: 0 };
      bySession.set(record.sessionId, entry);
    }
    entry.hasBlock ||= facts.hasBlock === true;
    entry.hasApproval ||= facts.hasApproval === true;
    entry.hasError ||= facts.hasError === true;
    const room = textMax - entry.textLength;
    if (facts.text && room > 0) {
      const piece = facts.text.slice(0, room);
      entry.texts.push(piece);
      entry.textLength += piece.length;
    }
  }
  const result = new Map<string, BatchSessionFacts>();
  for (const [sessionId, { textLength: _textLength, ...facts }] of bySession) result.set(sessionId, facts);
  return result;
}

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

/**
 * Per-session facts of a batch: event-derived facts merged with explicit flagSession records.
 * `textMax` caps each session's text for the batch (the database caps the column as a whole).
 */
export function collectSessionFacts(records: readonly RecorderRecord[], textMax: number): Map<string, SessionFacts> {
  const bySession = new Map<string, SessionFacts & { texts: string[] }>();
  const entry = (sessionId: string) => {
    let found = bySession.get(sessionId);
    if (!found) {
      found = { hasBlock: false, hasApproval: false, hasError: false, text: "", texts: [] };
      bySession.set(sessionId, found);
    }
    return found;
  };
  for (const record of records) {
    let facts: Partial<SessionFacts>;
    if (record.kind === "event") facts = factsOfEvent(record.type, record.payload);
    else if (record.kind === "flags") {
      facts = { hasBlock: record.hasBlock, hasApproval: record.hasApproval, hasError: record.hasError, text: record.searchText ?? "" };
    } else continue;
    const e = entry(record.sessionId);
    e.hasBlock ||= facts.hasBlock === true;
    e.hasApproval ||= facts.hasApproval === true;
    e.hasError ||= facts.hasError === true;
    if (facts.text) e.texts.push(facts.text);
  }
  const result = new Map<string, SessionFacts>();
  for (const [sessionId, { texts, ...flags }] of bySession) {
    const text = texts.join("\n").slice(0, textMax);
    if (text || flags.hasBlock || flags.hasApproval || flags.hasError) result.set(sessionId, { ...flags, text });
  }
  return result;
}

// The `sql.statement` events of one chain that have not been recorded yet, gathered into one
// compact `sql.statements` event (see @airlock/recording's events.ts): a busy Postgres connection
// then costs the recording database one row per flush interval instead of one per statement, and
// the gateway one hash. Each statement is encoded when it is added (so the data path may reuse its
// objects afterwards); each distinct text is stored once per event.
import { canonicalString } from "@airlock/recording";
import { factsOfStatements, type EventFacts } from "./session-facts";
import { storableJsonText, storableString } from "./storable-json";

/** A compact event is recorded at the latest when it holds this many statements... */
export const MAX_STATEMENTS = 1_000;
/** ...or this many characters of JSON, so one row stays small for jsonb, a batch and the spool. */
export const MAX_JSON_LENGTH = 256 * 1024;

export class StatementBatch {
  #texts: string[] = [];
  #textJson: string[] = [];
  #textIndex = new Map<string, number>();
  #statements: string[] = [];
  #length = 0;
  #hasError = false;
  /** When the latest statement finished (epoch ms): the compact event's own time. */
  lastAtMs = 0;

  get size(): number {
    return this.#statements.length;
  }

  get full(): boolean {
    return this.#statements.length >= MAX_STATEMENTS || this.#length >= MAX_JSON_LENGTH;
  }

  /**
   * Adds one `sql.statement` payload that finished at `atMs` (`offsetMs` on the session timeline).
   * Throws TypeError (before changing anything) when the payload cannot be encoded.
   */
  add(payload: Record<string, unknown> & { text: string }, atMs: number, offsetMs: number): void {
    const { text } = payload;
    let textIndex = this.#textIndex.get(text);
    const isNew = textIndex === undefined;
    if (isNew) textIndex = this.#texts.length;
    // A copy member by member: object rest and spread make V8 build slow dictionary-mode objects.
    const statement: Record<string, unknown> = {};
    for (const key in payload) if (key !== "text") statement[key] = payload[key];
    statement.offsetMs = offsetMs;
    statement.textIndex = textIndex;
    const json = storableJsonText(statement);
    if (isNew) {
      const stored = storableString(text);
      this.#textIndex.set(text, textIndex!);
      this.#texts.push(stored);
      this.#textJson.push(canonicalString(stored));
      this.#length += stored.length;
    }
    this.#statements.push(json);
    this.#length += json.length;
    this.#hasError ||= typeof payload.error === "object" && payload.error !== null;
    this.lastAtMs = atMs;
  }

  /** The compact event's payload as canonical JSON text ("statements" sorts before "texts"). */
  payloadJson(): string {
    return `{"statements":[${this.#statements.join(",")}],"texts":[${this.#textJson.join(",")}]}`;
  }

  facts(): EventFacts | undefined {
    return factsOfStatements(this.#texts, this.#hasError);
  }
}

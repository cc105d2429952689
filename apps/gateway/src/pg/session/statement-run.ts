// One statement's life for the recording: what was asked (masked), what it did (command tags and
// row counts from CommandComplete), how long it took, how it failed, and what was masked in its
// results. Recorded once, as a `sql.statement` event (the recorder stores a connection's statements
// in compact `sql.statements` events; the replay shows each statement, then its masking).
import type { RecordedError, SqlStatementPayload } from "@airlock/recording";
import { commandFromTag, rowCountFromTag } from "../codec";
import { MaskTally } from "./mask-tally";

export class StatementRun {
  readonly tally = new MaskTally();
  readonly #startedAt = performance.now();
  #commands: string[] = [];
  #rowCount: number | null = null;
  #error: RecordedError | undefined;
  #finished = false;

  constructor(
    readonly text: string,
    readonly params: (string | null)[],
    readonly classes: readonly string[],
  ) {}

  get finished(): boolean {
    return this.#finished;
  }

  complete(tag: string): void {
    if (tag) this.#commands.push(commandFromTag(tag));
    const rows = rowCountFromTag(tag);
    if (rows !== null) this.#rowCount = (this.#rowCount ?? 0) + rows;
  }

  fail(error: RecordedError): void {
    this.#error ??= error;
  }

  /** The event payload, once; null if already recorded. */
  finish(): SqlStatementPayload | null {
    if (this.#finished) return null;
    this.#finished = true;
    // Optional fields are assigned rather than spread in: this runs for every statement.
    const payload: SqlStatementPayload = {
      text: this.text,
      params: this.params,
      command: this.#commands.length === 0 ? null : this.#commands.length === 1 ? this.#commands[0]! : this.#commands.join("; "),
      durationMs: Math.round((performance.now() - this.#startedAt) * 1000) / 1000,
      rowCount: this.#rowCount,
    };
    if (this.classes.length > 0) payload.statementClass = this.classes.length === 1 ? this.classes[0] : [...new Set(this.classes)].join(",");
    if (this.#error) payload.error = this.#error;
    if (!this.tally.empty) payload.masked = this.tally.toFindings();
    return payload;
  }
}

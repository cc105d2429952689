// One statement's life for the recording: what was asked (masked), what it did (command tags and
// row counts from CommandComplete), how long it took, and how it failed. Recorded once, as a
// `sql.statement` event, followed by `mask.applied` when its results were masked.
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
    return {
      text: this.text,
      params: this.params,
      command: this.#commands.length > 0 ? this.#commands.join("; ") : null,
      ...(this.classes.length > 0 ? { statementClass: [...new Set(this.classes)].join(",") } : {}),
      durationMs: Math.round((performance.now() - this.#startedAt) * 1000) / 1000,
      rowCount: this.#rowCount,
      ...(this.#error ? { error: this.#error } : {}),
    };
  }
}

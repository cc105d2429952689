// The gateway's model of what the upstream still owes: one entry per forwarded message that the
// server answers (Query, Parse, Bind, Describe, Execute, Close, Sync), in order. Each backend
// message is attributed to the head entry, which is how rows find their column layout, command
// tags find their statement, and a placeholder's error is recognised and replaced.
import type { ErrorSpec } from "../codec";
import type { ColumnInfo, ResultMasker, RowPlan } from "./result-masker";
import type { StatementRun } from "./statement-run";

export interface PreparedStatement {
  sql: string;
  run: { text: string; classes: readonly string[] };
  /** From a Describe answer; undefined until known. Formats there are always 0 (unknown). */
  columns?: ColumnInfo[];
  describeRequested: boolean;
}

export interface Portal {
  statement: PreparedStatement | undefined;
  resultFormats: number[];
  params: (string | null)[];
  /** From a Describe of the portal itself (formats are the real ones). */
  columns?: ColumnInfo[];
  describeRequested: boolean;
  /** Cached masking plan; undefined until computed, null when rows pass unchanged. */
  plan?: RowPlan | null;
  /** The masker the plan was made for (rules can change mid-session). */
  planMasker?: ResultMasker;
}

export type Pending =
  | { kind: "query"; run: StatementRun; refusal?: ErrorSpec; plan: RowPlan | null }
  | { kind: "parse"; statement: PreparedStatement; refusal?: ErrorSpec }
  | { kind: "bind" }
  | { kind: "describe"; target: "S" | "P"; statement?: PreparedStatement; portal?: Portal; swallow: boolean }
  | { kind: "execute"; portal: Portal | undefined; run: StatementRun }
  | { kind: "close" }
  | { kind: "sync" };

/** An array with a moving head: O(1) push and shift without Array#shift's copying. */
export class PendingQueue {
  #items: (Pending | undefined)[] = [];
  #head = 0;

  get length(): number {
    return this.#items.length - this.#head;
  }

  push(item: Pending): void {
    this.#items.push(item);
  }

  peek(): Pending | undefined {
    return this.#items[this.#head];
  }

  shift(): Pending | undefined {
    const item = this.#items[this.#head];
    if (item === undefined) return undefined;
    this.#items[this.#head++] = undefined;
    if (this.#head > 1024 && this.#head * 2 > this.#items.length) {
      this.#items = this.#items.slice(this.#head);
      this.#head = 0;
    }
    return item;
  }

  /** Removes entries before the next Sync (what PostgreSQL skips after an error); returns them. */
  dropUntilSync(): Pending[] {
    const dropped: Pending[] = [];
    for (let head = this.peek(); head && head.kind !== "sync"; head = this.peek()) {
      dropped.push(this.shift()!);
    }
    return dropped;
  }

  clear(): Pending[] {
    const rest = this.#items.slice(this.#head).filter((p): p is Pending => p !== undefined);
    this.#items = [];
    this.#head = 0;
    return rest;
  }
}

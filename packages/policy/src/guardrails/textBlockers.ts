import type { UserRegex } from "../regex/compileUserRegex";
import { forEachCandidate } from "../scan/forEachCandidate";
import { pendingStart } from "../scan/holdback";
import type { Scanner } from "../scan/scanner";
import type { Direction } from "../types";
import { textMatchWhy, textSubject } from "./ruleChecks";
import type { GuardrailRuleSpec, Verdict } from "./types";

interface Entry {
  readonly scanner: Scanner;
  readonly spec: GuardrailRuleSpec;
  readonly verdict: Verdict;
}

/**
 * The text rules of one direction as block detectors for streamed text: the stream masker asks
 * where a match could still start (to hold back only from there, exactly as it does for masking
 * rules) and where the first decided match starts (to stop before its first character).
 *
 * One instance serves every stream of its rules; the scan keeps its state in fields because it
 * runs synchronously, which spares a callback allocation per chunk on the hot path.
 */
export class TextBlockers {
  readonly #entries: readonly Entry[];
  readonly #direction: Direction;
  /** Characters of already-emitted text the patterns may look behind into. */
  readonly contextLength: number;
  #found = -1;
  /** The rule being run, so a failure can name it. */
  #current: Entry | undefined;
  readonly #onMatch = (start: number): boolean => {
    this.#found = start;
    return false;
  };

  constructor(rules: readonly { spec: GuardrailRuleSpec; pattern: UserRegex }[], direction: Direction) {
    this.#direction = direction;
    this.#entries = rules.map(({ spec, pattern }) => ({
      scanner: pattern.scanner,
      spec,
      verdict: Object.freeze({
        action: "block",
        ruleId: spec.id,
        ruleName: spec.name,
        reason: `${textSubject(direction)} blocked by rule '${spec.name}': ${textMatchWhy(pattern)}`,
      }),
    }));
    this.contextLength = Math.max(1, ...this.#entries.map((e) => e.scanner.lookbehind + 1));
  }

  get isEmpty(): boolean {
    return this.#entries.length === 0;
  }

  /** The earliest index in [from, end) where some rule's match could still start; see scan/holdback. */
  pendingStart(text: string, from: number, end: number): number {
    let earliest = end;
    for (const entry of this.#entries) {
      this.#current = entry;
      const start = pendingStart(entry.scanner, text, from, end);
      if (start < earliest) earliest = start;
      if (earliest === from) break;
    }
    return earliest;
  }

  /**
   * The first match starting in [from, to) (the earliest start; on a tie the earlier rule) and the
   * verdict it earns, or null. Each rule searches only before the best start found so far.
   */
  firstMatch(text: string, from: number, to: number): { start: number; verdict: Verdict } | null {
    let best = to;
    let verdict: Verdict | undefined;
    for (const entry of this.#entries) {
      this.#current = entry;
      this.#found = -1;
      forEachCandidate(entry.scanner, text, from, best, this.#onMatch);
      if (this.#found !== -1) {
        best = this.#found;
        verdict = entry.verdict;
      }
    }
    return verdict === undefined ? null : { start: best, verdict };
  }

  /**
   * The verdict when scanning threw (read right after the throw, it names the rule that was
   * running): a guardrail that cannot judge must not let the text through.
   */
  failure(error: unknown): Verdict {
    const message = error instanceof Error ? error.message : String(error);
    const spec = this.#current?.spec;
    const by = spec === undefined ? "a text rule" : `rule '${spec.name}'`;
    return {
      action: "block",
      ...(spec === undefined ? {} : { ruleId: spec.id, ruleName: spec.name }),
      reason: `${textSubject(this.#direction)} blocked by ${by}: the rule failed while evaluating (${message}), so it fails closed`,
    };
  }
}

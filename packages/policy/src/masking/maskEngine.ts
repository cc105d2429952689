import type { Pseudonymizer } from "../pseudonym/pseudonymizer";
import { forEachCandidate } from "../scan/forEachCandidate";
import { pendingStart } from "../scan/holdback";
import type { Scanner } from "../scan/scanner";
import type { Direction } from "../types";
import type { MaskRule } from "./maskRule";
import type { Finding } from "./types";

interface Entry {
  readonly scanner: Scanner;
  readonly rule: MaskRule;
  /** Rule position: on equal spans the earlier rule wins. */
  readonly order: number;
}

export interface Selected {
  start: number;
  end: number;
  order: number;
}

/**
 * From this many characters on, mayMatch runs one regex per requirement instead of their
 * alternation: below it, the extra calls cost more than the faster scans save.
 */
const SPLIT_QUICK_CHECK_FROM = 64;

/** A regex source that matches only its own text (no class, group, escape or quantifier). */
function isLiteral(source: string): boolean {
  return !/[\\^$.|?*+()[\]{}]/.test(source);
}

/**
 * Finding, choosing and replacing matches; shared by whole-text and streaming masking so both make
 * exactly the same decisions.
 *
 * Overlaps are settled greedily from the left: the match that starts first wins, on a tie the
 * longer one, then the earlier rule; anything overlapping a winner is dropped. A match's fate
 * therefore depends only on matches that start no later than it does, which is what lets the
 * stream decide a prefix of the text without seeing the rest.
 */
export class MaskEngine {
  private readonly entries: readonly Entry[];
  private readonly rules: readonly MaskRule[];
  /** Characters of already-emitted text a stream keeps so lookbehinds see what they would see. */
  readonly contextLength: number;
  /** Matches wherever some rule's match could be; null when a rule (a user pattern) cannot say. */
  private readonly quickCheck: RegExp | null;
  /** The same test as one regex per distinct requirement, literal ones first (see mayMatch). */
  private readonly quickChecks: readonly RegExp[];

  constructor(rules: readonly MaskRule[], private readonly direction: Direction) {
    this.rules = rules;
    const entries: Entry[] = [];
    const seenDetectors = new Set<string>();
    rules.forEach((rule, order) => {
      // A second rule for the same built-in detector finds the same spans and always loses the tie.
      if (rule.detector !== "regex") {
        if (seenDetectors.has(rule.detector)) return;
        seenDetectors.add(rule.detector);
      }
      for (const scanner of rule.scanners) entries.push({ scanner, rule, order });
    });
    this.entries = entries;
    this.contextLength = Math.max(1, ...entries.map((e) => e.scanner.lookbehind + 1));
    const required = entries.map((e) => e.scanner.requires ?? e.scanner.anchor?.finder);
    const sources = required.every((r) => r !== undefined && r.flags === "g") ? [...new Set(required.map((r) => r!.source))] : null;
    this.quickCheck = sources ? new RegExp(sources.join("|"), "g") : null;
    const literalFirst = sources ? [...sources.filter(isLiteral), ...sources.filter((source) => !isLiteral(source))] : [];
    this.quickChecks = literalFirst.map((source) => new RegExp(source, "g"));
  }

  /**
   * False when no match can start at or after `from`: nothing any rule requires occurs there. One
   * pass per requirement at most, which lets prose without digits, "@", ":" or key prefixes skip
   * scanning.
   */
  mayMatch(text: string, from: number): boolean {
    if (this.quickCheck === null) return true;
    if (text.length - from < SPLIT_QUICK_CHECK_FROM) {
      this.quickCheck.lastIndex = from;
      return this.quickCheck.test(text);
    }
    // On long text one regex per requirement is about twice as fast as their alternation, which
    // tries every alternative at each letter of ordinary prose that starts one ("s" for "sk-"):
    // literal requirements ("@", "-----BEGIN ") are found by a skipping search, and a character
    // class (\d) by a tight loop. Literal ones go first because they cost least.
    for (const check of this.quickChecks) {
      check.lastIndex = from;
      if (check.test(text)) return true;
    }
    return false;
  }

  get isEmpty(): boolean {
    return this.entries.length === 0;
  }

  /** The winning matches among those starting in [from, to). */
  select(text: string, from: number, to: number): Selected[] {
    const candidates: Selected[] = [];
    if (!this.mayMatch(text, from)) return candidates;
    for (const { scanner, order } of this.entries) {
      forEachCandidate(scanner, text, from, to, (start, end) => {
        candidates.push({ start, end, order });
      });
    }
    if (candidates.length > 1) candidates.sort((a, b) => a.start - b.start || b.end - a.end || a.order - b.order);
    const selected: Selected[] = [];
    let lastEnd = -1;
    for (const candidate of candidates) {
      if (candidate.start < lastEnd) continue;
      selected.push(candidate);
      lastEnd = candidate.end;
    }
    return selected;
  }

  /** The earliest index in [from, end) at which some rule could still start a match. */
  pendingStart(text: string, from: number, end: number): number {
    let earliest = end;
    for (const { scanner } of this.entries) {
      const start = pendingStart(scanner, text, from, end);
      if (start < earliest) earliest = start;
      if (earliest === from) break;
    }
    return earliest;
  }

  /**
   * text[from, to) with the selected matches replaced. Findings are recorded at `offset` + index.
   */
  render(
    text: string,
    from: number,
    to: number,
    selected: readonly Selected[],
    pseudonyms: Pseudonymizer,
    offset: number,
    findings: Finding[],
  ): string {
    let out = "";
    let position = from;
    for (const match of selected) {
      const rule = this.rules[match.order]!;
      out += text.slice(position, match.start) + rule.replace(text.slice(match.start, match.end), pseudonyms);
      findings.push({
        ruleId: rule.id,
        detector: rule.detector,
        start: match.start + offset,
        end: match.end + offset,
        direction: this.direction,
      });
      position = match.end;
    }
    return out + text.slice(position, to);
  }
}

import type { CharMatcher } from "../text/charMatcher";
import type { Scanner } from "./scanner";

/**
 * The earliest index in [from, end) where a match of `scanner` could still start, given that
 * text[0, end) is known and more text may follow; `end` when no such index exists.
 *
 * A start i is already decided (final) when
 * - its whole reach is known: i + maxLength + lookahead <= end, or
 * - a character the scanner cannot consume sits at some j with i <= j <= end - lookahead: the match
 *   must stop before j, and everything it may read ends by j - 1 + lookahead.
 * Otherwise it is pending, but only if a match could begin there at all (start character, prefix).
 * So the holdback is the trailing run of consumable characters, capped at maxLength + lookahead,
 * trimmed to its first possible start.
 */
export function pendingStart(scanner: Scanner, text: string, from: number, end: number): number {
  const reach = scanner.maxLength + scanner.lookahead;
  const windowStart = Math.max(from, end - reach);
  return scanner.prefixes === undefined
    ? pendingStartByClass(scanner, text, windowStart, end)
    : pendingStartByPrefix(scanner, scanner.prefixes, text, windowStart, end);
}

function pendingStartByClass(scanner: Scanner, text: string, windowStart: number, end: number): number {
  const { chars, startChars } = scanner;
  let start = windowStart;
  for (let j = end - Math.max(1, scanner.lookahead); j >= windowStart; j--) {
    if (!chars.has(text.charCodeAt(j))) {
      start = j + 1;
      break;
    }
  }
  const { prefixSets } = scanner;
  for (let i = start; i < end; i++) {
    if (startChars.has(text.charCodeAt(i)) && (prefixSets === undefined || prefixFits(prefixSets, text, i, end))) return i;
  }
  return end;
}

/** Whether the known characters from `at` on agree with the start every match must have. */
function prefixFits(sets: readonly CharMatcher[], text: string, at: number, end: number): boolean {
  const known = Math.min(sets.length, end - at);
  for (let k = 1; k < known; k++) if (!sets[k]!.has(text.charCodeAt(at + k))) return false;
  return true;
}

/**
 * Scanners whose matches begin with fixed prefixes (API key formats, PEM headers, JWTs) may have
 * very wide classes; looking for the prefixes themselves keeps ordinary prose from being held.
 */
function pendingStartByPrefix(
  scanner: Scanner,
  prefixes: readonly string[],
  text: string,
  windowStart: number,
  end: number,
): number {
  // Usually a character the scanner cannot consume (a space) sits just before the end; everything
  // up to it is decided, so only the text after it needs searching. Look back only a little: for a
  // wide class (PEM bodies) searching the prefixes themselves is cheaper.
  const last = end - Math.max(1, scanner.lookahead);
  for (let j = last; j >= windowStart && j > last - SHORT_LOOK_BACK; j--) {
    if (!scanner.chars.has(text.charCodeAt(j))) {
      windowStart = j + 1;
      break;
    }
  }
  // A prefix cut off by the end of the buffer: the rest may still arrive.
  const index = prefixIndex(prefixes);
  for (let at = Math.max(windowStart, end - index.longest + 1); at < end; at++) {
    for (const prefix of index.byFirstChar.get(text.charCodeAt(at)) ?? NO_PREFIXES) {
      if (prefix.length > end - at && headMatches(text, at, prefix, end - at)) return firstComplete(scanner, text, windowStart, at, end);
    }
  }
  return firstComplete(scanner, text, windowStart, end, end);
}

/** The first whole prefix occurrence before `limit` that is not yet decided, else `limit`. */
function firstComplete(
  scanner: Scanner,
  text: string,
  windowStart: number,
  limit: number,
  end: number,
): number {
  // Scanners with prefixes are anchored on them (see Scanner.prefixes).
  const finder = scanner.anchor!.finder;
  const last = end - Math.max(1, scanner.lookahead);
  finder.lastIndex = windowStart;
  for (let found = finder.exec(text); found !== null && found.index < limit; found = finder.exec(text)) {
    const blocker = firstNonMember(scanner, text, found.index + found[0].length, last);
    if (blocker === -1) return found.index;
    finder.lastIndex = blocker; // every occurrence up to the blocker is decided as well
  }
  return limit;
}

const SHORT_LOOK_BACK = 64;

const NO_PREFIXES: readonly string[] = [];

interface PrefixIndex {
  readonly longest: number;
  readonly byFirstChar: ReadonlyMap<number, readonly string[]>;
}

const prefixIndexes = new WeakMap<readonly string[], PrefixIndex>();

function prefixIndex(prefixes: readonly string[]): PrefixIndex {
  let index = prefixIndexes.get(prefixes);
  if (index === undefined) {
    const byFirstChar = new Map<number, string[]>();
    for (const prefix of prefixes) {
      const first = prefix.charCodeAt(0);
      byFirstChar.set(first, [...(byFirstChar.get(first) ?? []), prefix]);
    }
    index = { longest: Math.max(...prefixes.map((p) => p.length)), byFirstChar };
    prefixIndexes.set(prefixes, index);
  }
  return index;
}

function headMatches(text: string, at: number, prefix: string, length: number): boolean {
  for (let x = 0; x < length; x++) if (text.charCodeAt(at + x) !== prefix.charCodeAt(x)) return false;
  return true;
}

function firstNonMember(scanner: Scanner, text: string, from: number, last: number): number {
  for (let j = from; j <= last; j++) if (!scanner.chars.has(text.charCodeAt(j))) return j;
  return -1;
}

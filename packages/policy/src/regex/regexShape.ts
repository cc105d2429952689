import { visitRegExpAST } from "@eslint-community/regexpp";
import {
  getConsumedChars,
  getFirstConsumedChar,
  getLengthRange,
  getLongestPrefix,
  isPotentiallyZeroLength,
} from "regexp-ast-analysis";
import { memoizedMatcher, type CharMatcher } from "../text/charMatcher";
import type { ParsedRegex } from "./parseRegex";

type CharSet = ReturnType<typeof getConsumedChars>["chars"];

/** What a pattern can consume and how far it can read, in UTF-16 code units. */
export interface RegexShape {
  /** Infinity when the pattern has open-ended repeats. */
  readonly maxLength: number;
  /**
   * How far before a match's start (lookbehind) and past its longest end (lookahead) the pattern can
   * read: while matching, the cursor stays within [start - sum of lookbehind bodies,
   * start + maxLength + sum of lookahead bodies].
   */
  readonly lookbehindLength: number;
  readonly lookaheadLength: number;
  readonly canBeEmpty: boolean;
  /** Every character a match can consume (lookaround bodies excluded: they read, not consume). */
  readonly chars: CharMatcher;
  readonly startChars: CharMatcher;
  /** Character sets every match starts with, position by position (the first is within startChars). */
  readonly prefixSets: readonly CharMatcher[];
}

export function regexShape(parsed: ParsedRegex): RegexShape {
  const { pattern, flags } = parsed;
  // With u/v a "character" may be a surrogate pair, i.e. two code units.
  const unitsPerChar = flags.unicode || flags.unicodeSets ? 2 : 1;
  const longest = getLengthRange(pattern.alternatives, flags).max;
  let lookbehindLength = 0;
  let lookaheadLength = 0;
  visitRegExpAST(pattern, {
    onAssertionEnter(assertion) {
      if (assertion.kind === "lookbehind") {
        lookbehindLength += getLengthRange(assertion.alternatives, flags).max * unitsPerChar;
      } else if (assertion.kind === "lookahead") {
        lookaheadLength += getLengthRange(assertion.alternatives, flags).max * unitsPerChar;
      }
    },
  });
  const unicode = unitsPerChar === 2;
  return {
    maxLength: longest * unitsPerChar,
    lookbehindLength,
    lookaheadLength,
    canBeEmpty: isPotentiallyZeroLength(pattern.alternatives, flags),
    chars: matcherFor(getConsumedChars(pattern, flags).chars, unicode),
    startChars: matcherFor(getFirstConsumedChar(pattern.alternatives, "ltr", flags).char, unicode),
    prefixSets: commonPrefix(parsed).map((set) => matcherFor(set, unicode)),
  };
}

/** The position-wise union of every top-level alternative's known prefix. */
function commonPrefix({ pattern, flags }: ParsedRegex): CharSet[] {
  const prefixes = pattern.alternatives.map((alternative) => getLongestPrefix(alternative, "ltr", flags));
  const length = Math.min(...prefixes.map((p) => p.length));
  const merged: CharSet[] = [];
  for (let i = 0; i < length; i++) {
    const set = prefixes.reduce<CharSet | null>((acc, p) => (acc === null ? p[i]! : acc.union(p[i]!)), null)!;
    // Beyond U+FFFF one character is two code units, and positions stop lining up.
    if (set.isEmpty || set.ranges.some((r) => r.max > 0xffff)) break;
    merged.push(set);
  }
  return merged;
}

function matcherFor(set: CharSet, unicode: boolean): CharMatcher {
  // A code point above U+FFFF arrives as two surrogate code units; count both halves as members.
  const astral = unicode && set.ranges.some((r) => r.max > 0xffff);
  return memoizedMatcher((code) => (astral && code >= 0xd800 && code <= 0xdfff) || set.has(code));
}

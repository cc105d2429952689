import { UserRegexError } from "../errors";
import { SCAN_WINDOW, forEachCandidate } from "../scan/forEachCandidate";
import type { Scanner } from "../scan/scanner";
import { backtrackingRisk } from "./backtrackingRisk";
import { parseRegex, quantifierToken, rewriteQuantifiers, type ParsedRegex } from "./parseRegex";
import { regexShape } from "./regexShape";

export const USER_REGEX_LIMITS = Object.freeze({
  /** Longest pattern accepted, in characters. */
  maxPatternLength: 512,
  /** Open-ended repeats (+, *, {n,}) match at most this many times. */
  openRepeatCap: 256,
  /** Longest match plus lookaround a pattern may have once its open-ended repeats are capped. */
  maxReach: 2048,
  /** Characters handed to the regex engine per call when scanning long text. */
  scanWindow: SCAN_WINDOW,
});

const ALLOWED_FLAGS = "imsuv";

export interface UserRegexMatch {
  readonly start: number;
  readonly end: number;
}

/** A vetted, bounded user pattern, ready to run many times. */
export interface UserRegex {
  readonly pattern: string;
  readonly flags: string;
  /** `/pattern/flags`, for messages. */
  readonly display: string;
  /** What masking and matching actually run (open-ended repeats capped, windowed scanning). */
  readonly scanner: Scanner;
  test(text: string): boolean;
  firstMatch(text: string): UserRegexMatch | null;
  /** Non-overlapping matches, leftmost first, at most `limit` of them. */
  matches(text: string, limit?: number): UserRegexMatch[];
}

/**
 * Validates and bounds a pattern typed by a user (console forms, rules from the database).
 * Throws UserRegexError, whose message says what is wrong, when the pattern is empty, longer than
 * 512 characters, uses flags other than i m s u v, does not parse, can match the empty string, risks
 * catastrophic backtracking, or can reach further than USER_REGEX_LIMITS.maxReach characters.
 *
 * Open-ended repeats are capped at USER_REGEX_LIMITS.openRepeatCap, so `\d+` matches at most 256
 * digits at a time (a longer run is matched in pieces). That bound is what lets the streaming
 * masker hold back a bounded amount of text and lets every match attempt read a bounded amount.
 */
export function compileUserRegex(pattern: string, flags = ""): UserRegex {
  checkFlags(pattern, flags);
  if (pattern.length === 0) throw new UserRegexError("empty", "pattern is empty", pattern);
  if (pattern.length > USER_REGEX_LIMITS.maxPatternLength) {
    throw new UserRegexError(
      "too_long",
      `pattern is ${pattern.length} characters long; the limit is ${USER_REGEX_LIMITS.maxPatternLength}`,
      pattern,
    );
  }
  const parsed = parseChecked(pattern, flags);
  const risk = backtrackingRisk(parsed);
  if (risk !== null) throw new UserRegexError("catastrophic_backtracking", risk, pattern);

  const cap = USER_REGEX_LIMITS.openRepeatCap;
  const boundedSource = rewriteQuantifiers(parsed, (q) =>
    q.max === Infinity ? quantifierToken(q.min, Math.max(q.min, cap), q.greedy) : undefined,
  );
  const shape = regexShape(boundedSource === pattern ? parsed : parseRegex(boundedSource, flags));
  if (shape.canBeEmpty) {
    throw new UserRegexError(
      "matches_empty",
      "pattern can match an empty string; it must always match at least one character",
      pattern,
    );
  }
  const reach = shape.maxLength + shape.lookbehindLength + shape.lookaheadLength;
  if (reach > USER_REGEX_LIMITS.maxReach) {
    throw new UserRegexError(
      "too_wide",
      `pattern can match or look at up to ${reach} characters (open-ended repeats such as + and * count as up to ${cap}); the limit is ${USER_REGEX_LIMITS.maxReach}: use bounded repeats such as {1,64}`,
      pattern,
    );
  }
  const scanner: Scanner = {
    regex: new RegExp(boundedSource, `${flags}g`),
    chars: shape.chars,
    startChars: shape.startChars,
    prefixSets: shape.prefixSets,
    maxLength: shape.maxLength,
    // +1 on each side: \b, ^, $ and the peek that ends a greedy repeat read one more character.
    lookbehind: shape.lookbehindLength + 1,
    lookahead: shape.lookaheadLength + 1,
    windowed: true,
  };
  return makeUserRegex(pattern, flags, scanner);
}

function checkFlags(pattern: string, flags: string): void {
  for (let i = 0; i < flags.length; i++) {
    const flag = flags[i]!;
    if (!ALLOWED_FLAGS.includes(flag)) {
      throw new UserRegexError("bad_flags", `flag '${flag}' is not allowed; use only i, m, s, u or v`, pattern);
    }
    if (flags.indexOf(flag) !== i) throw new UserRegexError("bad_flags", `flag '${flag}' is given twice`, pattern);
  }
  if (flags.includes("u") && flags.includes("v")) {
    throw new UserRegexError("bad_flags", "flags 'u' and 'v' cannot be combined", pattern);
  }
}

function parseChecked(pattern: string, flags: string): ParsedRegex {
  try {
    // The engine that will run the pattern has the last word on its syntax.
    new RegExp(pattern, flags);
    return parseRegex(pattern, flags);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new UserRegexError("syntax", message, pattern);
  }
}

function makeUserRegex(pattern: string, flags: string, scanner: Scanner): UserRegex {
  const matches = (text: string, limit = Infinity): UserRegexMatch[] => {
    const found: UserRegexMatch[] = [];
    let lastEnd = 0;
    forEachCandidate(scanner, text, 0, text.length, (start, end) => {
      if (start < lastEnd) return true;
      found.push({ start, end });
      lastEnd = end;
      return found.length < limit;
    });
    return found;
  };
  return {
    pattern,
    flags,
    display: `/${pattern}/${flags}`,
    scanner,
    test: (text) => matches(text, 1).length > 0,
    firstMatch: (text) => matches(text, 1)[0] ?? null,
    matches,
  };
}

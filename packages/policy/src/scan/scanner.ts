import type { CharMatcher } from "../text/charMatcher";

/**
 * One way of finding a kind of sensitive value. A scanner's regex proposes candidates and its
 * validator (checksum, decoding…) confirms them.
 *
 * The fields below are a contract the streaming masker relies on to know which buffered characters
 * are final. For a candidate starting at index i, the regex and the validator together:
 * - consume only characters in `chars`, the first of which is in `startChars`
 *   (and, when `prefixes` is given, the match begins with one of them);
 * - consume at most `maxLength` code units;
 * - read at most `lookbehind` code units before i and at most `lookahead` code units after the
 *   longest possible match (the one-character peek that ends a greedy run counts as one).
 * So whether a match starts at i depends only on text[i - lookbehind, i + maxLength + lookahead).
 * Tests check these numbers against an analysis of each regex.
 */
export interface Scanner {
  /** Global (`g`) regex; it never matches the empty string. */
  readonly regex: RegExp;
  readonly chars: CharMatcher;
  readonly startChars: CharMatcher;
  /** Literal starts of every match; such a scanner must also have an `anchor` (offset 0) finding them. */
  readonly prefixes?: readonly string[];
  /** Sets the first characters of every match belong to, position by position (user patterns). */
  readonly prefixSets?: readonly CharMatcher[];
  readonly maxLength: number;
  readonly lookbehind: number;
  readonly lookahead: number;
  /**
   * Confirms the candidate text[start, end) the regex found. Returns the end of the accepted match
   * (it may be shorter than `end`, never longer), or -1 to reject it.
   */
  readonly validate?: (text: string, start: number, end: number) => number;
  /**
   * Something every match contains near its start, so the scan can jump between its occurrences
   * instead of trying every position: an occurrence found by `finder` (global) at index a means a
   * match may start in [a - maxOffset, a - minOffset], and no match starts anywhere else.
   * E.g. an email's "@" is 1 to 64 characters after its start.
   */
  readonly anchor?: { readonly finder: RegExp; readonly minOffset: number; readonly maxOffset: number };
  /**
   * Something every match contains (a global regex), so text without it can be skipped in one
   * pass. Anchored scanners require their anchor.
   */
  readonly requires?: RegExp;
  /**
   * Hand the regex engine bounded windows instead of the whole text (used for user patterns, so a
   * slow pattern never sees more than a window at once).
   */
  readonly windowed?: boolean;
}

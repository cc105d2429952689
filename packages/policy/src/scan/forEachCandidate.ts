import type { Scanner } from "./scanner";

/** How many characters a windowed scanner hands the regex engine per call (plus its reach). */
export const SCAN_WINDOW = 64 * 1024;

/**
 * Calls `onMatch` for every accepted candidate whose start lies in [from, to), in order of start.
 * After a candidate at i the search resumes at i + 1, so overlapping candidates are all reported and
 * each start is judged on its own: the result for a start never depends on where scanning began.
 * Returning `false` from `onMatch` stops the scan.
 */
export function forEachCandidate(
  scanner: Scanner,
  text: string,
  from: number,
  to: number,
  onMatch: (start: number, end: number) => boolean | void,
): void {
  if (!scanner.windowed || to - from <= SCAN_WINDOW) {
    scanRange(scanner, text, from, to, 0, onMatch);
    return;
  }
  // Each window carries enough text on both sides for every start it owns to be judged exactly as
  // it would be in the whole text (see Scanner's reach contract).
  const before = scanner.lookbehind + 1;
  const after = scanner.maxLength + scanner.lookahead + 1;
  for (let windowStart = from; windowStart < to; windowStart += SCAN_WINDOW) {
    const windowEnd = Math.min(to, windowStart + SCAN_WINDOW);
    const sliceStart = Math.max(0, windowStart - before);
    const slice = text.slice(sliceStart, Math.min(text.length, windowEnd + after));
    let stopped = false;
    scanRange(scanner, slice, windowStart - sliceStart, windowEnd - sliceStart, sliceStart, (s, e) => {
      if (onMatch(s, e) === false) stopped = true;
      return !stopped;
    });
    if (stopped) return;
  }
}

function scanRange(
  scanner: Scanner,
  text: string,
  from: number,
  to: number,
  offset: number,
  onMatch: (start: number, end: number) => boolean | void,
): void {
  if (scanner.anchor !== undefined) {
    scanAnchored(scanner, scanner.anchor, text, from, to, offset, onMatch);
    return;
  }
  const { regex, validate } = scanner;
  regex.lastIndex = from;
  for (let match = regex.exec(text); match !== null; match = regex.exec(text)) {
    const start = match.index;
    if (start >= to) break;
    let end = start + match[0].length;
    if (validate !== undefined && end > start) end = validate(text, start, end);
    if (end > start && onMatch(start + offset, end + offset) === false) break;
    regex.lastIndex = start + 1;
  }
}

const stickyTwins = new WeakMap<RegExp, RegExp>();

function stickyTwin(regex: RegExp): RegExp {
  let twin = stickyTwins.get(regex);
  if (twin === undefined) {
    twin = new RegExp(regex.source, regex.flags.replace("g", "") + "y");
    stickyTwins.set(regex, twin);
  }
  return twin;
}

/**
 * Tries only the starts near anchor occurrences, each start once and in increasing order, so it
 * reports exactly what scanning every position would.
 */
function scanAnchored(
  scanner: Scanner,
  anchor: NonNullable<Scanner["anchor"]>,
  text: string,
  from: number,
  to: number,
  offset: number,
  onMatch: (start: number, end: number) => boolean | void,
): void {
  const { finder, minOffset, maxOffset } = anchor;
  const { startChars, validate } = scanner;
  const sticky = stickyTwin(scanner.regex);
  let next = from;
  finder.lastIndex = from + minOffset;
  for (let found = finder.exec(text); found !== null && next < to; found = finder.exec(text)) {
    const at = found.index;
    if (at - maxOffset >= to) break;
    const last = Math.min(to - 1, at - minOffset);
    for (let start = Math.max(next, at - maxOffset); start <= last; start++) {
      if (!startChars.has(text.charCodeAt(start))) continue;
      sticky.lastIndex = start;
      const match = sticky.exec(text);
      if (match === null) continue;
      let end = start + match[0].length;
      if (validate !== undefined && end > start) end = validate(text, start, end);
      if (end > start && onMatch(start + offset, end + offset) === false) return;
    }
    if (last + 1 > next) next = last + 1;
    if (finder.lastIndex === at) finder.lastIndex++;
  }
}

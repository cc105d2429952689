/**
 * Splits "a, b, c" as it is typed: entries are trimmed and blanks dropped, except a blank last one,
 * so that typing "a, " keeps the trailing separator instead of snapping back to "a".
 */
export function parseList(text: string): string[] {
  return text
    .split(",")
    .map((s) => s.trim())
    .filter((s, i, all) => s !== "" || i === all.length - 1);
}

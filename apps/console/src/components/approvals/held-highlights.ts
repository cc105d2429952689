/**
 * Where a policy matched a held request: a range of one of the request's texts as the inbox shows
 * them (masked; the gateway moves the offsets onto the masked text).
 */
export interface Highlight {
  start: number;
  end: number;
  /**
   * Which of the request's non-empty texts (its messages' texts, in order) the range is in; for a
   * held SQL statement 0 (its text matched) or -1 (its statement class matched), both on the statement.
   */
  textIndex: number;
}

/**
 * The well-formed highlights in an approval's `highlights` JSON; anything else is skipped, since
 * an older or newer gateway may have recorded a slightly different shape.
 */
export function highlightsOf(value: unknown): Highlight[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((h: unknown) => {
    if (typeof h !== "object" || h === null) return [];
    const o = h as Record<string, unknown>;
    return typeof o.start === "number" && typeof o.end === "number"
      ? [{ start: o.start, end: o.end, textIndex: typeof o.textIndex === "number" ? o.textIndex : 0 }]
      : [];
  });
}

/** The highlights of a held SQL statement: whatever part of the policy matched, they are on the statement. */
export function statementHighlights(highlights: readonly Highlight[]): Highlight[] {
  return highlights.filter((h) => h.textIndex === 0 || h.textIndex === -1);
}

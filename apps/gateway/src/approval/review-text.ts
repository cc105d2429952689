// What reviewers read about a held request is masked like the request itself: the justification
// the client sent, and the held texts. Policies match the unmasked texts, so the offsets of what a
// policy matched are moved onto the masked text the inbox shows; a masked value a highlight
// touches is highlighted whole (its replacement, e.g. "[EMAIL]").
import type { Masker, Pseudonymizer } from "@airlock/policy";
import { maskWithOffsets, type MaskedText, type MaskStage } from "./masked-offsets";
import type { PolicyMatch } from "./policies";

/** The longest justification stored, sent to webhooks and recorded (after masking). */
export const MAX_JUSTIFICATION_LENGTH = 2_000;

/** The client's justification as reviewers see it: masked, then cut to MAX_JUSTIFICATION_LENGTH. */
export function justificationForReview(header: string | string[] | undefined, stages: readonly MaskStage[]): string | undefined {
  if (typeof header !== "string" || !header) return undefined;
  // Masked before it is cut, so a cut cannot split a value and leave part of it unmasked.
  return maskWithOffsets(header, stages).text.slice(0, MAX_JUSTIFICATION_LENGTH);
}

/** A policy's highlight: a range of the held request's texts[textIndex]. */
export type Highlight = PolicyMatch["highlights"][number];

/**
 * Moves highlights taken on `texts` onto the masked texts reviewers see (`shown`, same indices).
 * A text is masked again here to learn where its replacements went; when that does not give the
 * text shown (it was assembled from several masked parts), its highlights are left as they were.
 */
export function highlightsForReview(
  highlights: readonly Highlight[],
  texts: readonly string[],
  shown: readonly string[],
  stages: readonly MaskStage[],
): Highlight[] {
  const masked = new Map<number, MaskedText>();
  return highlights.map((h) => {
    const original = texts[h.textIndex];
    if (original === undefined) return h;
    let m = masked.get(h.textIndex);
    if (!m) masked.set(h.textIndex, (m = maskWithOffsets(original, stages)));
    const { mapOffset } = m;
    if (!mapOffset || m.text !== shown[h.textIndex]) return h;
    return { ...h, start: mapOffset(h.start, "start"), end: mapOffset(h.end, "end") };
  });
}

/** The request masking rules a held request went through: what `ReviewText` needs of ConnectionRules. */
export interface RequestMaskers {
  requestMasker: Masker;
  /** The rules of the other direction, which recordings (and so the inbox) also apply. */
  recordRequestMasker?: Masker | undefined;
}

/**
 * What reviewers read about one held request, worked out on first use: most requests match no
 * policy, and then neither the justification nor any highlight is masked.
 */
export class ReviewText {
  #stages: MaskStage[] | undefined;
  #justification: { text: string | undefined } | undefined;

  constructor(
    private readonly rules: RequestMaskers | undefined,
    /** The conversation's pseudonymizer, so a value shows the same placeholder as in the prompt. */
    private readonly pseudonyms: Pseudonymizer | undefined,
    private readonly justificationHeader: string | string[] | undefined,
  ) {}

  get justification(): string | undefined {
    this.#justification ??= { text: justificationForReview(this.justificationHeader, this.stages) };
    return this.#justification.text;
  }

  highlights(highlights: readonly Highlight[], texts: readonly string[], shown: readonly string[]): Highlight[] {
    return highlightsForReview(highlights, texts, shown, this.stages);
  }

  private get stages(): MaskStage[] {
    if (!this.#stages) {
      const { rules, pseudonyms } = this;
      this.#stages = rules ? [{ masker: rules.requestMasker, ...(pseudonyms ? { pseudonyms } : {}) }] : [];
      if (rules?.recordRequestMasker) this.#stages.push({ masker: rules.recordRequestMasker });
    }
    return this.#stages;
  }
}

/** The header in which a client tells reviewers why it makes a request. */
export const JUSTIFICATION_HEADER = "x-airlock-justification";

/**
 * Recorded request headers with the justification masked as reviewers see it: the one Airlock
 * header that carries the client's own words. Changes and returns `headers`.
 */
export function withJustificationMasked(headers: Record<string, string>, review: ReviewText): Record<string, string> {
  if (headers[JUSTIFICATION_HEADER] === undefined) return headers;
  const masked = review.justification;
  if (masked === undefined) delete headers[JUSTIFICATION_HEADER];
  else headers[JUSTIFICATION_HEADER] = masked;
  return headers;
}

/**
 * A held SQL statement's highlights moved onto its recorded form. They are all on the statement
 * itself (textIndex 0 from its text, -1 from its SQL classes), which recordings mask with the
 * rules of both directions.
 */
export function statementHighlightsForReview(
  highlights: readonly Highlight[],
  sql: string,
  shown: string,
  rules: { requestMasker: Masker; responseMasker: Masker },
): Highlight[] {
  const onStatement = highlights.map((h) => ({ ...h, textIndex: 0 }));
  const moved = highlightsForReview(onStatement, [sql], [shown], [{ masker: rules.requestMasker }, { masker: rules.responseMasker }]);
  return moved.map((h, i) => ({ ...h, textIndex: highlights[i]!.textIndex }));
}

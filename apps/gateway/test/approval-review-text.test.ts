// What a reviewer reads about a held request: the justification masked like the request, and the
// policy's highlights moved from the unmasked texts onto the masked texts the inbox shows.
import { compileApprovalPolicies, compileMasker, createPseudonymizer, type DetectorId, type MaskingRuleSpec } from "@airlock/policy";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { maskWithOffsets, type MaskStage } from "../src/approval/masked-offsets";
import { highlightsForReview, justificationForReview, MAX_JUSTIFICATION_LENGTH, ReviewText } from "../src/approval/review-text";

const rule = (detector: MaskingRuleSpec["detector"], overrides: Partial<MaskingRuleSpec> = {}): MaskingRuleSpec => ({
  id: `rule-${detector}-${overrides.style ?? "label"}`,
  name: `${detector} rule`,
  enabled: true,
  detector,
  directions: ["request"],
  style: "label",
  ...overrides,
});
const masker = (...rules: MaskingRuleSpec[]) => compileMasker(rules, { hashKey: "test-key", direction: "request" });
const stage = (...rules: MaskingRuleSpec[]): MaskStage => ({ masker: masker(...rules) });

/** Highlights of a policy matching `pattern`, as the gate gets them (offsets into the unmasked texts). */
function matched(pattern: string, texts: string[], detectors: DetectorId[] = []) {
  const policies = compileApprovalPolicies([{ id: "p", name: "p", enabled: true, detectors, pattern }]);
  const match = policies.match({ connectionId: "c", identity: "agent", texts });
  if (!match) throw new Error("the policy did not match");
  return match.highlights;
}

/** The stretches of the shown texts that the highlights mark. */
function marked(highlights: { start: number; end: number; textIndex: number }[], shown: string[]) {
  return highlights.map((h) => shown[h.textIndex]?.slice(h.start, h.end));
}

describe("justification for review", () => {
  it("is masked with the request's rules, and cut only after masking", () => {
    const stages = [stage(rule("email"))];
    expect(justificationForReview("ticket 77 for jane.doe@example.com", stages)).toBe("ticket 77 for [EMAIL]");
    // An address straddling the cut is masked whole rather than leaving its first part readable.
    const long = `${"x ".repeat((MAX_JUSTIFICATION_LENGTH - 4) / 2)}jane.doe@example.com`;
    const shown = justificationForReview(long, stages);
    expect(shown).toHaveLength(MAX_JUSTIFICATION_LENGTH);
    expect(shown).not.toContain("jane");
    expect(shown?.endsWith("x [EMA")).toBe(true);
  });

  it("is absent when the header is missing, empty or repeated", () => {
    const stages = [stage(rule("email"))];
    expect(justificationForReview(undefined, stages)).toBeUndefined();
    expect(justificationForReview("", stages)).toBeUndefined();
    expect(justificationForReview(["a", "b"], stages)).toBeUndefined();
  });

  it("uses the conversation's pseudonyms, so a value reads as it does in the prompt", () => {
    const pseudonyms = createPseudonymizer();
    const rules = { requestMasker: masker(rule("email", { style: "pseudonym" })) };
    const inPrompt = rules.requestMasker.maskText("write to jane.doe@example.com", pseudonyms).text;
    const review = new ReviewText(rules, pseudonyms, "jane.doe@example.com asked for it");
    expect(review.justification).toBe(`${inPrompt.replace("write to ", "")} asked for it`);
  });

  it("applies the other direction's rules too, as recordings do", () => {
    const review = new ReviewText({ requestMasker: masker(rule("email")), recordRequestMasker: masker(rule("us_ssn")) }, undefined, "jane.doe@example.com, 123-45-6789");
    expect(review.justification).toBe("[EMAIL], [US_SSN]");
  });
});

describe("highlights for review", () => {
  it("land on the same words after masking shortened the text before them", () => {
    const texts = ["Ask jane.doe@example.com about the payroll file"];
    const stages = [stage(rule("email"))];
    const shown = [stages[0]!.masker.maskText(texts[0]!).text];
    const highlights = matched("payroll", texts);
    expect(marked(highlights, shown)).not.toEqual(["payroll"]);
    expect(marked(highlightsForReview(highlights, texts, shown, stages), shown)).toEqual(["payroll"]);
  });

  it("mark a masked value's whole replacement, through both masking passes", () => {
    const texts = ["first", "mail jane.doe@example.com or bob@example.org, SSN 123-45-6789, about payroll"];
    const stages = [stage(rule("email", { style: "partial" })), stage(rule("us_ssn"))];
    const shown = ["first", maskWithOffsets(texts[1]!, stages).text];
    expect(shown[1]).toBe("mail j***@example.com or b***@example.org, SSN [US_SSN], about payroll");
    const highlights = highlightsForReview(matched("payroll|\\d{3}-\\d{2}-\\d{4}", texts, ["email"]), texts, shown, stages);
    expect(marked(highlights, shown)).toEqual(["j***@example.com", "b***@example.org", "[US_SSN]", "payroll"]);
  });

  it("find each replacement even when it contains the text between two masked values", () => {
    const texts = ["jane.doe@example.com bob@example.org payroll"];
    const stages = [stage(rule("email", { label: "E MAIL" }))];
    const shown = [maskWithOffsets(texts[0]!, stages).text];
    expect(shown[0]).toBe("[E MAIL] [E MAIL] payroll");
    const highlights = highlightsForReview(matched("payroll", texts, ["email"]), texts, shown, stages);
    expect(marked(highlights, shown)).toEqual(["[E MAIL]", "[E MAIL]", "payroll"]);
  });

  it("are left as matched when the shown text is not the text masked here", () => {
    const texts = ["payroll for jane.doe@example.com"];
    const highlights = matched("jane", texts);
    expect(highlightsForReview(highlights, texts, ["something else"], [stage(rule("email"))])).toEqual(highlights);
  });

  it("keep marking the piece they marked, whatever is masked around it (property)", () => {
    const piece = fc.constantFrom("payroll", "wire transfer", "jane.doe@example.com", "a@b.io", "long.name+tag@sub.example.org", "123-45-6789");
    const stages = [stage(rule("email")), stage(rule("us_ssn", { style: "partial" }))];
    const maskedPiece = (p: string) => maskWithOffsets(p, stages).text;
    fc.assert(
      fc.property(fc.array(piece, { minLength: 1, maxLength: 12 }), fc.constantFrom(" ", ", ", "\n"), (pieces, separator) => {
        const texts = [pieces.join(separator)];
        const shown = [maskWithOffsets(texts[0]!, stages).text];
        let at = 0;
        const highlights = pieces.map((p) => {
          const h = { start: at, end: at + p.length, textIndex: 0 };
          at += p.length + separator.length;
          return h;
        });
        expect(marked(highlightsForReview(highlights, texts, shown, stages), shown)).toEqual(pieces.map(maskedPiece));
      }),
    );
  });
});

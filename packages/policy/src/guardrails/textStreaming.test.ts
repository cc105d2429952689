import { describe, expect, it } from "vitest";
import { BUILTIN_DETECTORS } from "../detectors";
import { compileMasker } from "../masking/compileMasker";
import type { Masker, MaskingRuleSpec } from "../masking/types";
import { createPseudonymizer } from "../pseudonym/pseudonymizer";
import { compileUserRegex } from "../regex/compileUserRegex";
import { randomSplit, ruleFor, seededRandom } from "../testing/samples";
import { compileGuardrails } from "./compileGuardrails";
import { TextBlockers } from "./textBlockers";
import type { GuardrailRuleSpec, Verdict } from "./types";

function textRule(id: string, pattern: string, flags?: string): GuardrailRuleSpec {
  return { id, name: `rule ${id}`, enabled: true, kind: "prompt", directions: ["response"], pattern, ...(flags ? { flags } : {}) };
}

const NO_MASKING = compileMasker([], { hashKey: "k", direction: "response" });

interface Streamed {
  out: string;
  blocked: Verdict | null;
}

function streamed(masker: Masker, blockers: TextBlockers, chunks: readonly string[]): Streamed {
  const stream = masker.createStream(createPseudonymizer(), blockers);
  let out = "";
  for (const chunk of chunks) out += stream.push(chunk);
  out += stream.flush();
  return { out, blocked: stream.blocked };
}

function everySplit(text: string): string[][] {
  const splits: string[][] = [[text], [...text]];
  for (let i = 1; i < text.length; i++) splits.push([text.slice(0, i), text.slice(i)]);
  for (let i = 1; i < text.length - 1; i++) splits.push([text.slice(0, i), text.slice(i, i + 2), text.slice(i + 2)]);
  return splits;
}

describe("text rules on a stream without masking", () => {
  const rules = [textRule("rm", "rm -rf /\\w{0,20}"), textRule("word", "\\bsecret\\b", "i"), textRule("line", "^DROP TABLE", "m")];
  const guardrails = compileGuardrails(rules);
  const blockers = guardrails.textBlockers("response");

  it.each([
    ["Sure, run rm -rf /home now and relax.", "rm", "rm -rf"],
    ["This is not a secretary; it is a SECRET, really.", "word", "SECRET"],
    ["Step one:\nDROP TABLE users;", "line", "DROP"],
  ])("stops right before the match for a split at every position: %s", (text, ruleId, match) => {
    const at = text.indexOf(match);
    for (const chunks of everySplit(text)) {
      const result = streamed(NO_MASKING, blockers, chunks);
      if (result.out !== text.slice(0, at) || result.blocked?.ruleId !== ruleId) {
        expect({ chunks, ...result }).toEqual({ chunks, out: text.slice(0, at), blocked: expect.objectContaining({ ruleId }) });
      }
    }
  });

  it.each([
    "Use rm -r only on build output; a secretary keeps the secrets.",
    "Say: DROP TABLE is not run here",
    "secretive rm -rf",
  ])("passes text without a match unchanged for a split at every position: %s", (text) => {
    for (const chunks of everySplit(text)) {
      const result = streamed(NO_MASKING, blockers, chunks);
      if (result.out !== text || result.blocked !== null) expect({ chunks, ...result }).toEqual({ chunks, out: text, blocked: null });
    }
  });

  it("blocks a stream exactly when the whole text is blocked, naming the same rule", () => {
    const random = seededRandom(7);
    const pieces = ["rm", " -rf", " /", "tmp", "secret", "secrets", "DROP", " TABLE", "\n", " ", "x", "-", "/"];
    let blockedRuns = 0;
    for (let round = 0; round < 300; round++) {
      const text = Array.from({ length: 24 }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      const result = streamed(NO_MASKING, blockers, randomSplit(text, random, 12));
      // One rule at a time, so "which rule" has one answer in both.
      for (const rule of rules) {
        const single = compileGuardrails([rule]);
        const whole = single.evaluate({ direction: "response", texts: [text] });
        const alone = streamed(NO_MASKING, single.textBlockers("response"), randomSplit(text, random, 12));
        expect({ action: alone.blocked?.action ?? "allow", ruleId: alone.blocked?.ruleId }).toEqual({ action: whole.action, ruleId: whole.ruleId });
      }
      const whole = guardrails.evaluate({ direction: "response", texts: [text] });
      expect(result.blocked?.action ?? "allow").toBe(whole.action);
      if (result.blocked) blockedRuns++;
    }
    expect(blockedRuns).toBeGreaterThan(50);
  });

  it("names the rule whose match comes first, and the earlier rule on a tie", () => {
    const both = compileGuardrails([textRule("late", "two"), textRule("early", "one two"), textRule("same", "one")]).textBlockers("response");
    expect(streamed(NO_MASKING, both, ["zero one", " two"])).toEqual({
      out: "zero ",
      blocked: { action: "block", ruleId: "early", ruleName: "rule early", reason: "response text blocked by rule 'rule early': text matches /one two/" },
    });
  });

  it("stays silent after a block", () => {
    const stream = NO_MASKING.createStream(undefined, blockers);
    expect(stream.push("ok then rm -rf /")).toBe("ok then ");
    expect(stream.push("more text")).toBe("");
    expect(stream.flush()).toBe("");
  });

  it("holds back only what could still become a match", () => {
    const stream = NO_MASKING.createStream(undefined, compileGuardrails([textRule("rm", "rm -rf")]).textBlockers("response"));
    expect(stream.push("Please do not r")).toBe("Please do not ");
    expect(stream.push("m -r")).toBe("");
    expect(stream.push("eally anything")).toBe("rm -really anything");
    expect(stream.flush()).toBe("");
    expect(stream.blocked).toBeNull();
  });

  it("fails closed when a rule throws while scanning", () => {
    const pattern = compileUserRegex("boom");
    class BrokenRegExp extends RegExp {
      override exec(): RegExpExecArray | null {
        throw new Error("engine failure");
      }
    }
    const broken = { ...pattern, scanner: { ...pattern.scanner, regex: new BrokenRegExp("boom", "g") } };
    const spec = textRule("b", "boom");
    const result = streamed(NO_MASKING, new TextBlockers([{ spec, pattern: broken }], "response"), ["harmless ", "text"]);
    expect(result.blocked).toEqual({
      action: "block",
      ruleId: "b",
      ruleName: "rule b",
      reason: "response text blocked by rule 'rule b': the rule failed while evaluating (engine failure), so it fails closed",
    });
    expect(result.out).toBe("");
  });
});

describe("text rules together with masking rules", () => {
  const masking: MaskingRuleSpec[] = [
    ...BUILTIN_DETECTORS.map((d) => ruleFor(d)),
    ruleFor("regex", { id: "ticket", pattern: "\\bTCK-\\d{3,6}\\b", label: "TICKET" }),
  ];
  const masker = compileMasker(masking, { hashKey: "k", direction: "response" });
  // Patterns that overlap masked values: inside an address, across its end, around a ticket number.
  const guardrails = compileGuardrails([textRule("domain", "evil\\.example"), textRule("ticket-word", "4521 closed"), textRule("cmd", "rm -rf")]);
  const blockers = guardrails.textBlockers("response");

  /** The masked text of `text` up to the first character of a block match at `at` (a masked value reaching into it is cut whole). */
  function maskedBefore(text: string, at: number): { masked: string; bound: number } {
    const { text: masked, findings } = masker.maskText(text, createPseudonymizer());
    let original = 0;
    let inMasked = 0;
    for (const finding of findings) {
      if (finding.start >= at) break;
      inMasked += finding.start - original;
      if (finding.end > at) return { masked, bound: inMasked };
      inMasked = masked.indexOf("]", inMasked) + 1;
      original = finding.end;
    }
    return { masked, bound: inMasked + at - original };
  }

  it.each([
    ["Write to jane@evil.example today, or call +1 415 555 0100.", "evil"],
    ["Ticket TCK-4521 closed by ops@example.com after rm -rf /tmp.", "4521"],
    ["Mail ops@example.com, then rm -rf the rest.", "rm"],
  ])("never emits a character of the match, and only masked text before it: %s", (text, match) => {
    const at = text.indexOf(match);
    const { masked, bound } = maskedBefore(text, at);
    for (const chunks of everySplit(text)) {
      const result = streamed(masker, blockers, chunks);
      const ok = result.blocked !== null && masked.startsWith(result.out) && result.out.length <= bound;
      if (!ok) expect({ chunks, ...result }).toEqual({ chunks, out: `a prefix of ${masked.slice(0, bound)}`, blocked: "a verdict" });
    }
    // Once the whole text is known, everything masked before the match goes out.
    expect(streamed(masker, blockers, [text]).out).toBe(masked.slice(0, bound));
  });

  it("masks exactly as whole-text masking does when no text rule matches", () => {
    const random = seededRandom(11);
    const pieces = ["jane@example.com", "evil", ".example", "TCK-4521", " closed", "rm", " -r", "+1 415 555 0100", " ", ",", "@", "\n"];
    for (let round = 0; round < 200; round++) {
      const text = Array.from({ length: 30 }, () => pieces[Math.floor(random() * pieces.length)]).join("");
      const chunks = randomSplit(text, random, 20);
      const result = streamed(masker, blockers, chunks);
      if (guardrails.evaluate({ direction: "response", texts: [text] }).action === "block") {
        expect(result.blocked).not.toBeNull();
        expect(masker.maskText(text, createPseudonymizer()).text.startsWith(result.out)).toBe(true);
      } else {
        const want = masker.maskText(text, createPseudonymizer()).text;
        if (result.out !== want || result.blocked !== null) expect({ chunks, ...result }).toEqual({ chunks, out: want, blocked: null });
      }
    }
  });

  it("holds back no more than masking alone where no text rule could match", () => {
    const alone = masker.createStream();
    const guarded = masker.createStream(undefined, blockers);
    for (const chunk of ["Hello wor", "ld, write to jane@exam", "ple.com now"]) expect(guarded.push(chunk)).toBe(alone.push(chunk));
    expect(guarded.flush()).toBe(alone.flush());
  });
});

describe("text rules by direction", () => {
  it("offers only the rules of the asked direction", () => {
    const guardrails = compileGuardrails([{ ...textRule("in", "secret"), directions: ["request"] }]);
    expect(guardrails.textBlockers("response").isEmpty).toBe(true);
    expect(guardrails.textBlockers("request").isEmpty).toBe(false);
    expect(guardrails.evaluate({ direction: "request", texts: ["a secret"] }).reason).toBe("prompt blocked by rule 'rule in': text matches /secret/");
  });
});

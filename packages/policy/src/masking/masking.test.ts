import { describe, expect, it } from "vitest";
import { RuleCompileError } from "../errors";
import { createPseudonymizer } from "../pseudonym/pseudonymizer";
import { BUILTIN_DETECTORS } from "../detectors";
import { DETECTOR_SAMPLES, ruleFor } from "../testing/samples";
import { compileMasker } from "./compileMasker";
import type { MaskingRuleSpec } from "./types";

const mask = (rules: MaskingRuleSpec[], text: string, direction: "request" | "response" = "request") =>
  compileMasker(rules, { hashKey: "secret-key", direction }).maskText(text);

describe("masking styles", () => {
  const text = "Contact jane.doe@example.com, card 4111 1111 1111 1111.";

  it("label replaces values with [LABEL], defaulting to the upper-cased detector id", () => {
    expect(mask([ruleFor("email"), ruleFor("payment_card", { label: "CARD" })], text).text).toBe(
      "Contact [EMAIL], card [CARD].",
    );
  });

  it("partial keeps the first letter and domain of an email and the last four digits of a card", () => {
    const rules = [ruleFor("email", { style: "partial" }), ruleFor("payment_card", { style: "partial" })];
    expect(mask(rules, text).text).toBe("Contact j***@example.com, card ****1111.");
  });

  it("partial styles of the other detectors keep only a non-identifying remainder", () => {
    const partial = (detector: Parameters<typeof ruleFor>[0], value: string) =>
      mask([ruleFor(detector, { style: "partial" })], value).text;
    expect(partial("phone", "+1 415 555 0100")).toBe("****0100");
    expect(partial("iban", "GB82 WEST 1234 5698 7654 32")).toBe("GB82****5432");
    expect(partial("us_ssn", "123-45-6789")).toBe("***-**-6789");
    expect(partial("ipv4", "192.168.1.20")).toBe("192.168.*.*");
    expect(partial("ipv6", "2001:db8::8a2e:370:7334")).toBe("2001:db8:****");
    expect(partial("secret_key", "AKIAIOSFODNN7EXAMPLE")).toBe("AKIA****MPLE");
    expect(mask([ruleFor("regex", { pattern: "EMP-\\d{10}", style: "partial" })], "id EMP-0012345678").text).toBe(
      "id ****5678",
    );
  });

  it("hash is stable for a value, keyed, and correlates differently formatted copies", () => {
    const rules = [ruleFor("payment_card", { style: "hash", label: "CARD" })];
    const first = mask(rules, "4111 1111 1111 1111").text;
    expect(first).toMatch(/^\[CARD:[0-9a-f]{8}\]$/);
    expect(mask(rules, "4111-1111-1111-1111").text).toBe(first);
    expect(mask(rules, "5555 5555 5555 4444").text).not.toBe(first);
    const otherKey = compileMasker(rules, { hashKey: "another-key", direction: "request" });
    expect(otherKey.maskText("4111 1111 1111 1111").text).not.toBe(first);
  });

  it("pseudonym gives each distinct value its own placeholder and the same value the same one", () => {
    const pseudonyms = createPseudonymizer();
    const masker = compileMasker([ruleFor("email", { style: "pseudonym" })], { hashKey: "k", direction: "request" });
    const result = masker.maskText("a@example.com wrote to b@example.com and a@example.com", pseudonyms);
    expect(result.text).toBe("<EMAIL_1> wrote to <EMAIL_2> and <EMAIL_1>");
    expect(pseudonyms.restore(result.text)).toBe("a@example.com wrote to b@example.com and a@example.com");
  });
});

describe("choosing between matches", () => {
  it("lets the earliest match win and never masks twice", () => {
    // The phone rule sees "+1 415 555 0100"; the regex rule sees "415 555"; they overlap.
    const rules = [ruleFor("regex", { id: "r", pattern: "\\d{3} \\d{3}", label: "X" }), ruleFor("phone")];
    expect(mask(rules, "call +1 415 555 0100").text).toBe("call [PHONE]");
  });

  it("lets the longest match win when two start together, then the earlier rule", () => {
    const short = ruleFor("regex", { id: "short", pattern: "ACME-\\d{4}", label: "SHORT" });
    const long = { ...ruleFor("regex", { id: "long", pattern: "ACME-\\d{4}-\\d{2}", label: "LONG" }) };
    expect(mask([short, long], "ACME-1234-56").text).toBe("[LONG]");
    const twin = ruleFor("regex", { id: "twin", pattern: "ACME-\\d{4}", label: "TWIN" });
    expect(mask([short, twin], "ACME-1234").text).toBe("[SHORT]");
  });

  it("reports findings with offsets into the original text and never the value", () => {
    const text = "mail a@example.com now";
    const { findings } = mask([ruleFor("email", { id: "mail-rule" })], text);
    expect(findings).toEqual([{ ruleId: "mail-rule", detector: "email", start: 5, end: 18, direction: "request" }]);
    expect(JSON.stringify(findings)).not.toContain("a@example.com");
  });
});

describe("which rules apply", () => {
  it("applies a rule only in its directions", () => {
    const rules = [ruleFor("email", { directions: ["response"] })];
    expect(mask(rules, "a@example.com", "request").text).toBe("a@example.com");
    expect(mask(rules, "a@example.com", "response").text).toBe("[EMAIL]");
  });

  it("skips disabled rules, and reports isEmpty when nothing applies", () => {
    const masker = compileMasker([ruleFor("email", { enabled: false })], { hashKey: "k", direction: "request" });
    expect(masker.isEmpty).toBe(true);
    expect(masker.maskText("a@example.com").text).toBe("a@example.com");
    const stream = masker.createStream();
    expect(stream.push("a@exam")).toBe("a@exam");
  });

  it("finds every detector's values in long text, where the quick check runs requirement by requirement", () => {
    const all = BUILTIN_DETECTORS.map((detector) => ruleFor(detector));
    const prose = "Revenue grew in every region this quarter while operating costs stayed flat and margins rose. ".repeat(12);
    expect(mask(all, prose).text).toBe(prose);
    for (const detector of BUILTIN_DETECTORS) {
      const value = DETECTOR_SAMPLES[detector].valid[0]!;
      const masked = mask(all, `${prose}${value} ${prose}`);
      expect(masked.findings.map((f) => f.detector), `${detector} in long text`).toContain(detector);
      expect(masked.text).not.toContain(value);
    }
  });

  it("masks with custom regex rules, including case-insensitive ones", () => {
    const rules = [ruleFor("regex", { pattern: "project\\s+falcon", flags: "i", label: "CODENAME" })];
    expect(mask(rules, "About PROJECT  Falcon: ship it").text).toBe("About [CODENAME]: ship it");
  });
});

describe("rule errors", () => {
  it("names the rule and says what is wrong", () => {
    const bad = ruleFor("regex", { name: "Employee ids", pattern: "(a+)+$" });
    expect(() => compileMasker([bad], { hashKey: "k", direction: "request" })).toThrow(RuleCompileError);
    expect(() => compileMasker([bad], { hashKey: "k", direction: "request" })).toThrow(/Employee ids.*backtracking/);
    const missing = ruleFor("regex", { name: "No pattern" });
    expect(() => compileMasker([missing], { hashKey: "k", direction: "request" })).toThrow(/No pattern.*needs a pattern/);
    const unknown = { ...ruleFor("email"), detector: "passport" } as unknown as MaskingRuleSpec;
    expect(() => compileMasker([unknown], { hashKey: "k", direction: "request" })).toThrow(/unknown detector 'passport'/);
  });

  it("refuses an empty hash key", () => {
    expect(() => compileMasker([], { hashKey: "", direction: "request" })).toThrow(/hashKey/);
  });
});

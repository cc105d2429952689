import { describe, expect, it } from "vitest";
import { BUILTIN_DETECTORS, detectorHoldback } from "../detectors";
import { createPseudonymizer } from "../pseudonym/pseudonymizer";
import { DETECTOR_SAMPLES, randomSplit, ruleFor, seededRandom } from "../testing/samples";
import { compileMasker } from "./compileMasker";
import type { Masker, MaskingRuleSpec, MaskStyle } from "./types";

const CUSTOM_RULES: MaskingRuleSpec[] = [
  ruleFor("regex", { id: "after-password", pattern: "(?<=password: )\\S+", label: "PASSWORD" }),
  ruleFor("regex", { id: "ticket", pattern: "\\bTCK-\\d{3,6}\\b", flags: "i", label: "TICKET" }),
  ruleFor("regex", { id: "line-start", pattern: "^secret \\w+", flags: "m", label: "LINE" }),
  ruleFor("regex", { id: "amount", pattern: "\\d{2,6}(?=\\s{0,3}EUR)", label: "AMOUNT" }),
  ruleFor("regex", { id: "text-end", pattern: "done\\.$", label: "END" }),
  ruleFor("regex", { id: "unicode", pattern: "\\p{Lu}{2}\\d{2}\\u{1F600}?", flags: "u", label: "CODE" }),
];

function allRules(style: MaskStyle): MaskingRuleSpec[] {
  return [...BUILTIN_DETECTORS.map((d) => ruleFor(d, { style })), ...CUSTOM_RULES.map((r) => ({ ...r, style }))];
}

const EVERY_KIND = [
  "Hi team, the customer password: hunter2! wrote from",
  ...BUILTIN_DETECTORS.flatMap((d) => DETECTOR_SAMPLES[d].valid.slice(0, 2)),
  "ticket tck-4521 is open\nsecret plans follow; pay 1200  EUR or 99 USD to ÄÖ42😀 now;",
  ...BUILTIN_DETECTORS.flatMap((d) => DETECTOR_SAMPLES[d].invalid.slice(0, 2)),
  "done.",
].join(" ");

/** Masks `chunks` as one stream; a fresh pseudonymizer per run keeps placeholder numbering comparable. */
function streamed(masker: Masker, chunks: readonly string[]): string {
  const stream = masker.createStream(createPseudonymizer());
  let out = "";
  for (const chunk of chunks) out += stream.push(chunk);
  return out + stream.flush();
}

function whole(masker: Masker, text: string): string {
  return masker.maskText(text, createPseudonymizer()).text;
}

describe.each<MaskStyle>(["label", "hash", "pseudonym", "partial"])("streaming with %s style", (style) => {
  const masker = compileMasker(allRules(style), { hashKey: "k", direction: "response" });
  const expected = whole(masker, EVERY_KIND);

  it("masks something of every kind (sanity check of the input)", () => {
    const findings = masker.maskText(EVERY_KIND).findings;
    expect(new Set(findings.map((f) => f.ruleId))).toEqual(new Set(allRules(style).map((r) => r.id)));
  });

  it("equals whole-text masking for a split at every index", () => {
    for (let i = 0; i <= EVERY_KIND.length; i++) {
      const out = streamed(masker, [EVERY_KIND.slice(0, i), EVERY_KIND.slice(i)]);
      if (out !== expected) expect({ splitAt: i, out }).toEqual({ splitAt: i, out: expected });
    }
  });

  it("equals whole-text masking one character at a time", () => {
    expect(streamed(masker, [...EVERY_KIND])).toBe(expected);
  });

  it("equals whole-text masking for random multi-splits of random texts", () => {
    const random = seededRandom(style.length);
    const pieces = [...EVERY_KIND.split(" "), " ", "\n", ".", ",", "@", "-", ":", "eyJ", "sk-", "+1", "1"];
    for (let round = 0; round < 150; round++) {
      const text = Array.from({ length: 60 }, () => pieces[Math.floor(random() * pieces.length)]).join(
        random() < 0.5 ? " " : "",
      );
      const chunks = randomSplit(text, random, 30);
      const out = streamed(masker, chunks);
      const want = whole(masker, text);
      if (out !== want) expect({ chunks, out }).toEqual({ chunks, out: want });
    }
  });
});

describe("what a stream holds back", () => {
  const masker = compileMasker(allRules("label"), { hashKey: "k", direction: "response" });

  it("emits a plain sentence with nothing that could start a match at its end on the same push", () => {
    const stream = masker.createStream();
    expect(stream.push("The weather is nice today!\n")).toBe("The weather is nice today!\n");
    expect(stream.push("Shall we go for a walk? ")).toBe("Shall we go for a walk? ");
  });

  it("holds back only the trailing word that could still grow into an address", () => {
    const stream = masker.createStream();
    expect(stream.push("Hello wor")).toBe("Hello ");
    expect(stream.push("ld, write to jane@exam")).toBe("world, write to ");
    expect(stream.push("ple.com now")).toBe("[EMAIL] ");
    expect(stream.flush()).toBe("now");
  });

  it("holds a possible key prefix, and releases it once it cannot be one", () => {
    const stream = masker.createStream();
    expect(stream.push("use sk")).toBe("use ");
    expect(stream.push("ip this")).toBe("skip ");
    expect(stream.flush()).toBe("this");
  });

  it("never holds more than the detector's documented bound", () => {
    const emailOnly = compileMasker([ruleFor("email")], { hashKey: "k", direction: "response" });
    const stream = emailOnly.createStream();
    let pushed = 0;
    let emitted = 0;
    for (let i = 0; i < 200; i++) {
      const chunk = "abcdefghij".repeat(3);
      pushed += chunk.length;
      emitted += stream.push(chunk).length;
      expect(pushed - emitted).toBeLessThanOrEqual(detectorHoldback("email"));
    }
    expect(stream.flush().length).toBe(pushed - emitted);
  });

  it("bounds the holdback with every rule active too", () => {
    const bound = Math.max(...BUILTIN_DETECTORS.map(detectorHoldback), 2048 + 1);
    const stream = masker.createStream();
    let held = 0;
    for (let i = 0; i < 100; i++) {
      const chunk = "eyJabcDEF0123456789_-".repeat(20);
      held += chunk.length - stream.push(chunk).length;
      expect(held).toBeLessThanOrEqual(bound);
    }
  });

  it("reports stream findings at offsets into everything pushed", () => {
    const stream = compileMasker([ruleFor("email")], { hashKey: "k", direction: "response" }).createStream();
    stream.push("ab a@exa");
    stream.push("mple.com c@example.org");
    stream.flush();
    expect(stream.findings.map((f) => [f.start, f.end])).toEqual([
      [3, 16],
      [17, 30],
    ]);
  });

  it("refuses pushes after flush", () => {
    const stream = masker.createStream();
    stream.push("x");
    stream.flush();
    expect(() => stream.push("y")).toThrow(/after flush/);
  });
});

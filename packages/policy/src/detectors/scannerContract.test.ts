import { describe, expect, it } from "vitest";
import { parseRegex } from "../regex/parseRegex";
import { regexShape } from "../regex/regexShape";
import { forEachCandidate } from "../scan/forEachCandidate";
import type { Scanner } from "../scan/scanner";
import { DETECTOR_SAMPLES, seededRandom } from "../testing/samples";
import { BUILTIN_DETECTORS, getDetector } from "./index";

// The streaming masker trusts what each scanner declares about itself. These tests hold the
// declarations to an independent analysis of the regexes, so editing a regex cannot silently
// break streaming.
const scanners = BUILTIN_DETECTORS.flatMap((id) => getDetector(id).scanners.map((scanner, i) => ({ name: `${id}#${i}`, scanner })));

function analysed(scanner: Scanner) {
  return regexShape(parseRegex(scanner.regex.source, scanner.regex.flags.replace("g", "")));
}

describe.each(scanners)("scanner $name", ({ scanner }) => {
  const shape = analysed(scanner);

  it("declares a maximum length at least as long as its regex can match", () => {
    expect(shape.maxLength).toBeLessThanOrEqual(scanner.maxLength);
    expect(shape.canBeEmpty).toBe(false);
  });

  it("declares enough lookaround", () => {
    expect(shape.lookbehindLength).toBeLessThanOrEqual(scanner.lookbehind);
    expect(shape.lookaheadLength).toBeLessThanOrEqual(scanner.lookahead);
    expect(scanner.lookahead).toBeGreaterThanOrEqual(1);
  });

  it("declares every character its regex can consume, and every character it can start with", () => {
    for (let code = 0; code < 0x10000; code++) {
      if (shape.chars.has(code) && !scanner.chars.has(code)) throw new Error(`consumes U+${code.toString(16)} undeclared`);
      if (shape.startChars.has(code) && !scanner.startChars.has(code)) {
        throw new Error(`starts with U+${code.toString(16)} undeclared`);
      }
    }
    for (const prefix of scanner.prefixes ?? []) {
      for (const ch of prefix) expect(scanner.chars.has(ch.charCodeAt(0))).toBe(true);
      // The holdback finds prefixes through the anchor.
      expect(scanner.anchor).toMatchObject({ minOffset: 0, maxOffset: 0 });
      expect(new RegExp(scanner.anchor!.finder.source, "y").test(prefix)).toBe(true);
    }
  });

  it("finds through its anchor exactly what trying every position finds", () => {
    const random = seededRandom(7);
    const pieces = [...Object.values(DETECTOR_SAMPLES).flatMap((s) => [...s.valid, ...s.invalid]), " ", ".", ":", "@", "-", "\n", "a", "1"];
    const separators = [" ", " ", "\n", ", ", ""];
    const text = Array.from({ length: 600 }, () => {
      const piece = pieces[Math.floor(random() * pieces.length)]!;
      return piece + separators[Math.floor(random() * separators.length)]!;
    }).join("");
    const plain: Scanner = { ...scanner, anchor: undefined };
    const collect = (s: Scanner) => {
      const out: string[] = [];
      forEachCandidate(s, text, 0, text.length, (a, b) => void out.push(`${a}-${b}`));
      return out;
    };
    const everywhere = collect(plain);
    expect(collect(scanner)).toEqual(everywhere);
    expect(everywhere.length).toBeGreaterThan(0);
    // …and every match contains what the scanner says it requires.
    const required = scanner.requires ?? scanner.anchor?.finder;
    for (const span of everywhere) {
      const [a, b] = span.split("-").map(Number) as [number, number];
      if (required) expect(new RegExp(required.source).test(text.slice(a, b))).toBe(true);
    }
  });
});

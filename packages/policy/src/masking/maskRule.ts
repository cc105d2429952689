import { createHmac, createSecretKey, type KeyObject } from "node:crypto";
import { getDetector, isDetectorId } from "../detectors";
import { RuleCompileError } from "../errors";
import type { Pseudonymizer } from "../pseudonym/pseudonymizer";
import { compileUserRegex } from "../regex/compileUserRegex";
import type { Scanner } from "../scan/scanner";
import type { MaskingRuleSpec } from "./types";

/** A masking rule ready to run: what to look for and what to put in its place. */
export interface MaskRule {
  readonly id: string;
  readonly detector: string;
  readonly scanners: readonly Scanner[];
  readonly replace: (value: string, pseudonyms: Pseudonymizer) => string;
  readonly usesPseudonyms: boolean;
}

const HASH_HEX_CHARS = 8;

export function hashKeyObject(hashKey: Uint8Array | string): KeyObject {
  const bytes = typeof hashKey === "string" ? Buffer.from(hashKey, "utf8") : Buffer.from(hashKey);
  if (bytes.length === 0) throw new TypeError("hashKey must not be empty");
  return createSecretKey(bytes);
}

export function compileMaskRule(spec: MaskingRuleSpec, hashKey: KeyObject): MaskRule {
  const { scanners, partial, canonical } = findersFor(spec);
  const label = spec.label?.trim() || spec.detector.toUpperCase();
  return {
    id: spec.id,
    detector: spec.detector,
    scanners,
    replace: replacer(spec, label, partial, canonical, hashKey),
    usesPseudonyms: spec.style === "pseudonym",
  };
}

function findersFor(spec: MaskingRuleSpec): {
  scanners: readonly Scanner[];
  partial: (value: string) => string;
  canonical: (value: string) => string;
} {
  if (spec.detector === "regex") {
    if (spec.pattern === undefined) throw new RuleCompileError(spec.id, spec.name, "a regex rule needs a pattern");
    const regex = compileUserRegex(spec.pattern, spec.flags ?? "");
    return { scanners: [regex.scanner], partial: keepLastFour, canonical: (v) => v };
  }
  if (!isDetectorId(spec.detector)) {
    throw new RuleCompileError(spec.id, spec.name, `unknown detector '${String(spec.detector)}'`);
  }
  return getDetector(spec.detector);
}

function replacer(
  spec: MaskingRuleSpec,
  label: string,
  partial: (value: string) => string,
  canonical: (value: string) => string,
  hashKey: KeyObject,
): MaskRule["replace"] {
  switch (spec.style) {
    case "label": {
      const text = `[${label}]`;
      return () => text;
    }
    case "partial":
      return (value) => partial(value);
    case "hash":
      return (value) =>
        `[${label}:${createHmac("sha256", hashKey).update(canonical(value)).digest("hex").slice(0, HASH_HEX_CHARS)}]`;
    case "pseudonym":
      return (value, pseudonyms) => pseudonyms.placeholderFor(label, value);
    default:
      throw new RuleCompileError(spec.id, spec.name, `unknown style '${String(spec.style)}'`);
  }
}

/** The "partial" style for custom patterns: the last four characters of long values, else nothing. */
function keepLastFour(value: string): string {
  return value.length >= 12 ? `****${value.slice(-4)}` : "****";
}

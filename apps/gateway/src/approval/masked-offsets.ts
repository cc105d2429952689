// Masking a text while keeping track of where each masked value went, so that an offset into the
// original text can be moved onto the masked one (see review-text.ts for why).
//
// Hand-written rather than a text-diff library: masking reports exactly which stretches it
// replaced (its findings), so only where each replacement ends has to be found; a character diff
// could pair characters of a replacement with characters of the value it hides.
import type { Finding, Masker, Pseudonymizer } from "@airlock/policy";

/** One masking pass; the request's own rules take the conversation's pseudonymizer, if any. */
export interface MaskStage {
  masker: Masker;
  pseudonyms?: Pseudonymizer;
}

/** A stretch of a stage's input that masking replaced, and where its replacement is in the output. */
interface Replaced {
  start: number;
  end: number;
  outStart: number;
  outEnd: number;
}

export interface MaskedText {
  text: string;
  /**
   * Moves an offset in the original text onto `text`; `side` says whether it starts or ends a range
   * (an offset inside a replaced value moves to the start or end of its replacement).
   * Undefined when masking's output could not be lined up with its findings.
   */
  mapOffset?: (offset: number, side: "start" | "end") => number;
}

/** Applies the stages in turn and keeps what is needed to move offsets from `text` onto the result. */
export function maskWithOffsets(text: string, stages: readonly MaskStage[]): MaskedText {
  let current = text;
  const passes: Replaced[][] = [];
  let aligned = true;
  for (const { masker, pseudonyms } of stages) {
    if (masker.isEmpty) continue;
    const result = masker.maskText(current, pseudonyms);
    const replaced = aligned ? lineUp(current, result.text, result.findings, (value) => masker.maskText(value, pseudonyms).text) : null;
    if (replaced) passes.push(replaced);
    else aligned = false;
    current = result.text;
  }
  if (!aligned) return { text: current };
  return { text: current, mapOffset: (offset, side) => passes.reduce((at, pass) => moveOffset(pass, at, side), offset) };
}

/**
 * Pairs each replaced stretch of `input` with its replacement in `output`; null when `output` does
 * not have the shape masking gives (it then cannot be mapped). Each stretch's value is masked on
 * its own first, which gives each replacement exactly when the values mask the same alone;
 * otherwise the unchanged text between stretches is looked for (a replacement ends where the
 * next unchanged stretch begins), which a replacement containing that text would mislead.
 */
function lineUp(input: string, output: string, findings: readonly Finding[], maskAlone: (value: string) => string): Replaced[] | null {
  const stretches = mergeTouching(findings);
  return lineUpByReplacements(input, output, stretches, maskAlone) ?? lineUpByUnchangedText(input, output, stretches);
}

function lineUpByReplacements(input: string, output: string, stretches: readonly Stretch[], maskAlone: (value: string) => string): Replaced[] | null {
  const replaced: Replaced[] = [];
  let inAt = 0;
  let outAt = 0;
  for (const { start, end } of stretches) {
    const before = input.slice(inAt, start);
    const replacement = maskAlone(input.slice(start, end));
    const outStart = outAt + before.length;
    if (!output.startsWith(before, outAt) || !output.startsWith(replacement, outStart)) return null;
    replaced.push({ start, end, outStart, outEnd: outStart + replacement.length });
    inAt = end;
    outAt = outStart + replacement.length;
  }
  return output.slice(outAt) === input.slice(inAt) ? replaced : null;
}

function lineUpByUnchangedText(input: string, output: string, stretches: readonly Stretch[]): Replaced[] | null {
  const replaced: Replaced[] = [];
  let inAt = 0;
  let outAt = 0;
  for (let i = 0; i < stretches.length; i++) {
    const { start, end } = stretches[i]!;
    const before = input.slice(inAt, start);
    if (!output.startsWith(before, outAt)) return null;
    const outStart = outAt + before.length;
    const next = stretches[i + 1];
    // Touching stretches were merged, so the unchanged text after a stretch that is not the last
    // is never empty; after the last one it is the rest of the text.
    const after = next ? input.slice(end, next.start) : input.slice(end);
    const outEnd = next ? output.indexOf(after, outStart) : output.length - after.length;
    if (outEnd < outStart) return null;
    replaced.push({ start, end, outStart, outEnd });
    inAt = end;
    outAt = outEnd;
  }
  return output.slice(outAt) === input.slice(inAt) ? replaced : null;
}

interface Stretch {
  start: number;
  end: number;
}

/** Findings in order, with overlapping or adjacent ones joined into one stretch. */
function mergeTouching(findings: readonly Finding[]): Stretch[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start);
  const merged: Stretch[] = [];
  for (const { start, end } of sorted) {
    const last = merged.at(-1);
    if (last && start <= last.end) last.end = Math.max(last.end, end);
    else merged.push({ start, end });
  }
  return merged;
}

function moveOffset(replaced: readonly Replaced[], offset: number, side: "start" | "end"): number {
  let shift = 0;
  for (const r of replaced) {
    if (offset <= r.start) break;
    if (offset < r.end) return side === "start" ? r.outStart : r.outEnd;
    shift = r.outEnd - r.end;
  }
  return offset + shift;
}

import { RegExpParser, visitRegExpAST, type AST } from "@eslint-community/regexpp";
import type { ReadonlyFlags } from "regexp-ast-analysis";

export interface ParsedRegex {
  readonly source: string;
  readonly pattern: AST.Pattern;
  readonly flags: ReadonlyFlags;
}

const parser = new RegExpParser({ ecmaVersion: 2024 });

/** Parses a pattern (without slashes) for analysis; throws regexpp's syntax error when invalid. */
export function parseRegex(source: string, flags: string): ParsedRegex {
  const unicode = flags.includes("u");
  const unicodeSets = flags.includes("v");
  const pattern = parser.parsePattern(source, 0, source.length, { unicode, unicodeSets });
  return {
    source,
    pattern,
    flags: {
      ignoreCase: flags.includes("i"),
      multiline: flags.includes("m"),
      dotAll: flags.includes("s"),
      unicode,
      unicodeSets,
    },
  };
}

/** Rewrites the quantifier token of every quantifier `rewrite` returns a replacement for. */
export function rewriteQuantifiers(
  parsed: ParsedRegex,
  rewrite: (quantifier: AST.Quantifier) => string | undefined,
): string {
  return rewriteQuantifiersMapped(parsed, rewrite).source;
}

/**
 * Like rewriteQuantifiers, plus a map from offsets in the result back to the original, so
 * messages about the rewritten pattern can quote what the user wrote.
 */
export function rewriteQuantifiersMapped(
  parsed: ParsedRegex,
  rewrite: (quantifier: AST.Quantifier) => string | undefined,
): { source: string; toOriginal: (offset: number) => number } {
  const edits: { start: number; end: number; text: string }[] = [];
  visitRegExpAST(parsed.pattern, {
    onQuantifierEnter(quantifier) {
      const text = rewrite(quantifier);
      // The quantifier token ("+", "*?", "{2,}") spans from the end of its element to its own end.
      if (text !== undefined) edits.push({ start: quantifier.element.end, end: quantifier.end, text });
    },
  });
  edits.sort((a, b) => b.start - a.start);
  let source = parsed.source;
  for (const edit of edits) source = source.slice(0, edit.start) + edit.text + source.slice(edit.end);
  const ascending = [...edits].reverse();
  const toOriginal = (offset: number): number => {
    let shift = 0;
    for (const edit of ascending) {
      const newStart = edit.start + shift;
      if (offset <= newStart) break;
      const newEnd = newStart + edit.text.length;
      if (offset < newEnd) return edit.end; // inside a rewritten token: the end of the original one
      shift += edit.text.length - (edit.end - edit.start);
    }
    return offset - shift;
  };
  return { source, toOriginal };
}

export function quantifierToken(min: number, max: number | undefined, greedy: boolean): string {
  return `{${min},${max ?? ""}}${greedy ? "" : "?"}`;
}

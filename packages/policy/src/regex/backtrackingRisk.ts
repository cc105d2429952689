import { visitRegExpAST, type AST } from "@eslint-community/regexpp";
import { getFirstConsumedChar, hasSomeDescendant } from "regexp-ast-analysis";
import { analyse, type Report } from "scslre";
import { quantifierToken, rewriteQuantifiersMapped, type ParsedRegex } from "./parseRegex";

/**
 * Explains why a pattern risks catastrophic (exponential or high-polynomial) backtracking within a
 * single match attempt, or returns null.
 *
 * scslre finds ambiguous open-ended repeats precisely, but it ignores bounded ones such as
 * `(a?){25}` or `(?:a{1,99}){1,99}`, which are just as slow. So it analyses a widened copy in which
 * every variable repeat, and every fixed repeat around one, becomes open-ended: a bounded pattern
 * can only backtrack less than its widened copy. Ambiguous alternatives inside a repeat, e.g.
 * `(a|ab)+`, are outside scslre's model, so those are checked here by their first characters.
 */
export function backtrackingRisk(parsed: ParsedRegex): string | null {
  const widened = rewriteQuantifiersMapped(parsed, (q) =>
    q.max > q.min || (q.min >= 2 && hasVariableRepeat(q.element)) ? quantifierToken(q.min, undefined, q.greedy) : undefined,
  );
  const { reports } = analyse(
    { source: widened.source, flags: flagString(parsed) },
    { maxReports: 1, reportTypes: { Move: false }, assumeRejectingSuffix: true },
  );
  const report = reports[0];
  // Quote the user's own text, not the widened copy.
  const quote = (node: AST.Node) => excerpt(parsed.source.slice(widened.toOriginal(node.start), widened.toOriginal(node.end)));
  if (report !== undefined) return describe(report, quote);
  return overlappingAlternatives(parsed);
}

function hasVariableRepeat(element: AST.Node): boolean {
  return hasSomeDescendant(element, (n) => n.type === "Quantifier" && n.max > n.min);
}

function flagString(parsed: ParsedRegex): string {
  const f = parsed.flags;
  return `${f.ignoreCase ? "i" : ""}${f.multiline ? "m" : ""}${f.dotAll ? "s" : ""}${f.unicode ? "u" : ""}${f.unicodeSets ? "v" : ""}`;
}

function describe(report: Report, quote: (node: AST.Node) => string): string {
  switch (report.type) {
    case "Self":
      return `'${quote(report.quant)}' is repeated inside '${quote(report.parentQuant)}', so the same text can be split in a huge number of ways (catastrophic backtracking); remove the nesting or make the parts unambiguous`;
    case "Trade":
      return `'${quote(report.startQuant)}' and '${quote(report.endQuant)}' can match the same characters, so a failing match retries every way of sharing them (catastrophic backtracking); make them match different characters`;
    default:
      return `'${quote(report.quant)}' risks catastrophic backtracking`;
  }
}

function overlappingAlternatives(parsed: ParsedRegex): string | null {
  let problem: string | null = null;
  visitRegExpAST(parsed.pattern, {
    onQuantifierEnter(q) {
      if (problem !== null || q.max < 2) return;
      const group = q.element;
      if ((group.type !== "Group" && group.type !== "CapturingGroup") || group.alternatives.length < 2) return;
      const firsts = group.alternatives.map((alt) => getFirstConsumedChar(alt, "ltr", parsed.flags).char);
      for (let a = 0; a < firsts.length && problem === null; a++) {
        for (let b = a + 1; b < firsts.length; b++) {
          if (!firsts[a]!.isDisjointWith(firsts[b]!)) {
            problem = `the alternatives '${excerpt(group.alternatives[a]!.raw)}' and '${excerpt(group.alternatives[b]!.raw)}' inside the repeated '${excerpt(q.raw)}' can start with the same character, which can backtrack catastrophically; factor out the common start (e.g. a(?:b|c) instead of ab|ac)`;
            break;
          }
        }
      }
    },
  });
  return problem;
}

function excerpt(raw: string): string {
  return raw.length > 40 ? `${raw.slice(0, 37)}...` : raw;
}

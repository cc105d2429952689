import { getDetector, isDetectorId } from "../detectors";
import { RuleCompileError, compileRuleOrThrow } from "../errors";
import { MaskEngine } from "../masking/maskEngine";
import { compileUserRegex } from "../regex/compileUserRegex";
import { classifySql } from "../sql/classifySql";
import { SQL_CLASSES, type ClassifiedStatement, type SqlClass } from "../sql/sqlClass";
import { compileGlobList } from "../text/globList";
import type { ApprovalContext, ApprovalHighlight, ApprovalMatch, ApprovalPolicies, ApprovalPolicySpec } from "./types";

/** More highlights than this per policy would not help a reviewer; the match still counts. */
const MAX_HIGHLIGHTS = 200;

/** One evaluation's derived data, computed at most once however many policies ask. */
interface MatchContext {
  readonly ctx: ApprovalContext;
  statements(): ClassifiedStatement[];
}

/** Returns the highlights it contributes, or null when the criterion does not match. */
type Criterion = (context: MatchContext) => ApprovalHighlight[] | null;

const NONE: ApprovalHighlight[] = [];

/**
 * Compiles enabled policies once; match() returns the first that matches with the spans that made
 * it match. If evaluating a policy throws, that policy is treated as matching (the request waits for
 * a person rather than slipping through).
 */
export function compileApprovalPolicies(policies: readonly ApprovalPolicySpec[]): ApprovalPolicies {
  const compiled = policies
    .filter((policy) => policy.enabled)
    .map((policy) => ({ policy, criteria: compileRuleOrThrow(policy, () => compileCriteria(policy)) }));

  return {
    match(ctx) {
      let statements: ClassifiedStatement[] | undefined;
      const context: MatchContext = {
        ctx,
        statements: () => (statements ??= ctx.sql ? classifySql(ctx.sql) : []),
      };
      for (const { policy, criteria } of compiled) {
        const result = evaluate(policy, criteria, context);
        if (result !== null) return result;
      }
      return null;
    },
  };
}

function evaluate(policy: ApprovalPolicySpec, criteria: readonly Criterion[], context: MatchContext): ApprovalMatch | null {
  try {
    const highlights: ApprovalHighlight[] = [];
    for (const criterion of criteria) {
      const found = criterion(context);
      if (found === null) return null;
      for (const h of found) if (highlights.length < MAX_HIGHLIGHTS) highlights.push(h);
    }
    highlights.sort((a, b) => a.textIndex - b.textIndex || a.start - b.start);
    return { policy, highlights };
  } catch {
    return { policy, highlights: [] };
  }
}

function compileCriteria(policy: ApprovalPolicySpec): Criterion[] {
  const criteria: Criterion[] = [];
  if (policy.connectionIds?.length) {
    const ids = new Set(policy.connectionIds);
    criteria.push(({ ctx }) => (ids.has(ctx.connectionId) ? NONE : null));
  }
  const identities = compileGlobList(policy.identities);
  if (identities) criteria.push(({ ctx }) => (identities.match(ctx.identity) !== undefined ? NONE : null));
  const models = compileGlobList(policy.models);
  if (models) criteria.push(({ ctx }) => (ctx.model !== undefined && models.match(ctx.model) !== undefined ? NONE : null));
  const tools = compileGlobList(policy.toolNames);
  if (tools) criteria.push(({ ctx }) => ((ctx.toolNames ?? []).some((t) => tools.match(t) !== undefined) ? NONE : null));
  if (policy.sqlClasses?.length) criteria.push(sqlCriterion(policy, policy.sqlClasses));
  if (policy.detectors?.length) criteria.push(detectorCriterion(policy, policy.detectors));
  if (policy.pattern !== undefined) {
    const regex = compileUserRegex(policy.pattern, policy.flags ?? "");
    criteria.push(({ ctx }) =>
      nonEmpty((ctx.texts ?? []).flatMap((text, textIndex) => regex.matches(text, MAX_HIGHLIGHTS).map((m) => ({ ...m, textIndex })))),
    );
  }
  return criteria;
}

function sqlCriterion(policy: ApprovalPolicySpec, wanted: readonly SqlClass[]): Criterion {
  for (const cls of wanted) {
    if (!(SQL_CLASSES as readonly string[]).includes(cls)) {
      throw new RuleCompileError(policy.id, policy.name, `unknown SQL class '${String(cls)}'`);
    }
  }
  const classes = new Set(wanted);
  return (context) =>
    nonEmpty(
      context
        .statements()
        .filter((s) => s.classes.some((c) => classes.has(c)))
        .map((s) => ({ start: s.start, end: s.end, textIndex: -1 })),
    );
}

function detectorCriterion(policy: ApprovalPolicySpec, ids: readonly string[]): Criterion {
  const rules = ids.map((id) => {
    if (!isDetectorId(id)) throw new RuleCompileError(policy.id, policy.name, `unknown detector '${id}'`);
    return { id, detector: id, scanners: getDetector(id).scanners, replace: () => "", usesPseudonyms: false };
  });
  // The masking engine settles overlaps the same way masking would, so highlights show what masking hides.
  const engine = new MaskEngine(rules, "request");
  return ({ ctx }) =>
    nonEmpty(
      (ctx.texts ?? []).flatMap((text, textIndex) =>
        engine.select(text, 0, text.length).map((m) => ({ start: m.start, end: m.end, textIndex })),
      ),
    );
}

function nonEmpty(highlights: ApprovalHighlight[]): ApprovalHighlight[] | null {
  return highlights.length > 0 ? highlights : null;
}

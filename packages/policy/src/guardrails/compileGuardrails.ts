import { compileRuleOrThrow } from "../errors";
import { DIRECTIONS, type Direction } from "../types";
import { EvaluationContext } from "./evaluationContext";
import type { UserRegex } from "../regex/compileUserRegex";
import { compileRuleCheck, type RuleCheck } from "./ruleChecks";
import { TextBlockers } from "./textBlockers";
import type { GuardrailInput, GuardrailRuleSpec, Guardrails, Verdict } from "./types";

interface CompiledGuardrail {
  readonly spec: GuardrailRuleSpec;
  readonly check: RuleCheck;
  readonly textPattern?: UserRegex | undefined;
}

const ALLOW: Verdict = Object.freeze({ action: "allow" });

/**
 * Compiles enabled rules once; evaluate() then runs those for the input's direction in order and the
 * first that objects blocks. Invalid rules throw RuleCompileError at compile time. A rule that throws
 * while evaluating blocks (fail closed): letting a request through because a check broke is the one
 * outcome a guardrail must not have.
 */
export function compileGuardrails(rules: readonly GuardrailRuleSpec[]): Guardrails {
  const compiled = rules
    .filter((rule) => rule.enabled)
    .map((spec): CompiledGuardrail => ({ spec, ...compileRuleOrThrow(spec, () => compileRuleCheck(spec)) }));
  const byDirection = Object.fromEntries(
    DIRECTIONS.map((d) => [d, compiled.filter((rule) => rule.spec.directions.includes(d))]),
  ) as Record<Direction, CompiledGuardrail[]>;
  const textBlockers = Object.fromEntries(
    DIRECTIONS.map((d) => [
      d,
      new TextBlockers(
        byDirection[d].flatMap(({ spec, textPattern }) => (textPattern === undefined ? [] : [{ spec, pattern: textPattern }])),
        d,
      ),
    ]),
  ) as Record<Direction, TextBlockers>;

  return {
    textBlockers(direction: Direction): TextBlockers {
      const blockers = textBlockers[direction];
      if (blockers === undefined) throw new TypeError(`unknown direction '${String(direction)}'`);
      return blockers;
    },
    evaluate(input: GuardrailInput): Verdict {
      const rulesHere = byDirection[input.direction];
      if (rulesHere === undefined) {
        return { action: "block", reason: `unknown direction '${String(input.direction)}'; blocking to fail closed` };
      }
      if (rulesHere.length === 0) return ALLOW;
      const context = new EvaluationContext(input);
      for (const { spec, check } of rulesHere) {
        let blocked;
        try {
          blocked = check(context);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          return block(
            spec,
            `${input.direction} blocked by rule '${spec.name}': the rule failed while evaluating (${message}), so it fails closed`,
          );
        }
        if (blocked !== null) return block(spec, `${blocked.subject} blocked by rule '${spec.name}': ${blocked.why}`);
      }
      return ALLOW;
    },
  };
}

function block(spec: GuardrailRuleSpec, reason: string): Verdict {
  return { action: "block", ruleId: spec.id, ruleName: spec.name, reason };
}

import type { Direction, GuardrailInput, GuardrailRuleSpec, Guardrails, Verdict } from "@airlock/policy";

/**
 * Compiled guardrails whose rule specs are known, with the directions any of their rules cover.
 * `Guardrails` only evaluates, so the directions are kept beside it (a WeakMap keeps them with the
 * compiled object and lets both go together when the rules cache drops the entry).
 */
const coveredDirections = new WeakMap<Guardrails, ReadonlySet<Direction>>();

/** Records which directions the rules behind `guardrails` cover; returns `guardrails`. */
export function withDirections(guardrails: Guardrails, specs: readonly GuardrailRuleSpec[]): Guardrails {
  coveredDirections.set(guardrails, new Set(specs.filter((s) => s.enabled).flatMap((s) => s.directions)));
  return guardrails;
}

/** False only when no rule can apply to `direction`; unknown guardrails are assumed to apply. */
export function mayGuard(guardrails: Guardrails, direction: Direction): boolean {
  return coveredDirections.get(guardrails)?.has(direction) ?? true;
}

/** Evaluates guardrails, failing closed: an exception while evaluating is a block. */
export function evaluateGuardrails(guardrails: Guardrails, input: GuardrailInput): Verdict {
  try {
    return guardrails.evaluate(input);
  } catch (error) {
    return { action: "block", reason: `guardrail evaluation failed, so the ${input.direction} was blocked: ${(error as Error).message}` };
  }
}

import type { GuardrailInput, Guardrails, Verdict } from "@airlock/policy";

/** Evaluates guardrails, failing closed: an exception while evaluating is a block. */
export function evaluateGuardrails(guardrails: Guardrails, input: GuardrailInput): Verdict {
  try {
    return guardrails.evaluate(input);
  } catch (error) {
    return { action: "block", reason: `guardrail evaluation failed, so the ${input.direction} was blocked: ${(error as Error).message}` };
  }
}

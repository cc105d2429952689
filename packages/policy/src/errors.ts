/** What is wrong with a user-supplied regular expression; the console maps these to form hints. */
export type UserRegexProblem =
  | "empty"
  | "too_long"
  | "bad_flags"
  | "syntax"
  | "matches_empty"
  | "catastrophic_backtracking"
  | "too_wide";

/** A user regex was refused. `message` is written for the person who typed the pattern. */
export class UserRegexError extends Error {
  override readonly name = "UserRegexError";
  constructor(
    readonly problem: UserRegexProblem,
    message: string,
    readonly pattern: string,
  ) {
    super(message);
  }
}

/** A masking rule, guardrail rule or approval policy cannot be compiled. */
export class RuleCompileError extends Error {
  override readonly name = "RuleCompileError";
  constructor(
    readonly ruleId: string,
    readonly ruleName: string,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(`rule '${ruleName}': ${detail}`, options);
  }
}

/** Wraps whatever a rule's own compilation throws so the caller learns which rule was at fault. */
export function compileRuleOrThrow<T>(rule: { id: string; name: string }, build: () => T): T {
  try {
    return build();
  } catch (error) {
    if (error instanceof RuleCompileError) throw error;
    const detail = error instanceof Error ? error.message : String(error);
    throw new RuleCompileError(rule.id, rule.name, detail, { cause: error });
  }
}

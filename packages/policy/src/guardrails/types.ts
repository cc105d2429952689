import type { ClassifiedStatement, SqlClass } from "../sql/sqlClass";
import type { Direction } from "../types";
import type { TextBlockers } from "./textBlockers";

export interface GuardrailRuleSpec {
  id: string;
  name: string;
  enabled: boolean;
  kind: "tool_call" | "prompt" | "model_allowlist" | "sql";
  directions: Direction[];
  /**
   * "shell" for tool_call rules, "destructive_sql" for sql rules. Custom criteria on the same rule
   * add to it: the rule blocks what the built-in blocks and what its criteria match.
   */
  builtin?: "shell" | "destructive_sql";
  /** tool_call: exact names or globs like "shell*". */
  toolNames?: string[];
  /** prompt: matched against each text; tool_call: against the arguments; sql: against each statement. */
  pattern?: string;
  flags?: string;
  /** model_allowlist: the models allowed (globs ok). */
  models?: string[];
  /** sql: statement classes to block. */
  sqlClasses?: SqlClass[];
}

export interface GuardrailInput {
  direction: Direction;
  model?: string;
  texts?: string[];
  /** `arguments` is the JSON string the provider sent. */
  toolCalls?: { name: string; arguments: string }[];
  sql?: string;
  /**
   * `classifySql(sql)` when the caller has it already (the Postgres listener classifies every
   * statement for its own use): the rules then do not tokenise the text a second time.
   */
  sqlStatements?: readonly ClassifiedStatement[];
}

export interface Verdict {
  action: "allow" | "block";
  ruleId?: string;
  ruleName?: string;
  /** Written for people: "tool call 'run_shell' blocked by rule 'No shell': argument matches rm -rf". */
  reason?: string;
}

export interface Guardrails {
  /** The first enabled rule (in the given order) that blocks decides; otherwise allow. */
  evaluate(input: GuardrailInput): Verdict;
  /**
   * The text ("prompt" kind) rules of `direction`, for streamed text: pass them to
   * Masker.createStream and the stream stops before the first character of a match. `evaluate`
   * judges whole texts with the same rules.
   */
  textBlockers(direction: Direction): TextBlockers;
}

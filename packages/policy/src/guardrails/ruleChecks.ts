import { RuleCompileError } from "../errors";
import { compileUserRegex, type UserRegex } from "../regex/compileUserRegex";
import { SQL_CLASSES, type SqlClass } from "../sql/sqlClass";
import { compileGlobList } from "../text/globList";
import type { Direction } from "../types";
import type { EvaluationContext } from "./evaluationContext";
import { dangerousShellCommand, isShellToolName } from "./shellCommands";
import type { GuardrailRuleSpec } from "./types";

/** What is blocked ("tool call 'bash'") and why ("argument matches rm -rf"). */
export interface Blocked {
  subject: string;
  why: string;
}

export type RuleCheck = (context: EvaluationContext) => Blocked | null;

export interface CompiledRuleCheck {
  readonly check: RuleCheck;
  /** The pattern a text rule ("prompt" kind) looks for, so streamed text can be scanned with it. */
  readonly textPattern?: UserRegex;
}

export function compileRuleCheck(spec: GuardrailRuleSpec): CompiledRuleCheck {
  switch (spec.kind) {
    case "tool_call":
      return { check: toolCallCheck(spec) };
    case "prompt":
      return textCheck(spec);
    case "model_allowlist":
      return { check: modelCheck(spec) };
    case "sql":
      return { check: sqlCheck(spec) };
    default:
      throw invalid(spec, `unknown kind '${String(spec.kind)}'`);
  }
}

/** What a text rule blocks, in words: the prompt on the way out, the model's text on the way back. */
export function textSubject(direction: Direction): string {
  return direction === "response" ? "response text" : "prompt";
}

function invalid(spec: GuardrailRuleSpec, detail: string): RuleCompileError {
  return new RuleCompileError(spec.id, spec.name, detail);
}

function checkBuiltin(spec: GuardrailRuleSpec, allowed: GuardrailRuleSpec["builtin"]): void {
  if (spec.builtin !== undefined && spec.builtin !== allowed) {
    throw invalid(spec, `built-in '${spec.builtin}' does not apply to ${spec.kind} rules`);
  }
}

function optionalPattern(spec: GuardrailRuleSpec): UserRegex | null {
  return spec.pattern === undefined ? null : compileUserRegex(spec.pattern, spec.flags ?? "");
}

function toolCallCheck(spec: GuardrailRuleSpec): RuleCheck {
  checkBuiltin(spec, "shell");
  const shell = spec.builtin === "shell";
  const names = compileGlobList(spec.toolNames);
  const pattern = optionalPattern(spec);
  // Without a built-in, a rule with no criteria blocks every tool call.
  const custom = names !== null || pattern !== null || !shell;
  return (context) => {
    for (const call of context.input.toolCalls ?? []) {
      const subject = `tool call '${shorten(call.name)}'`;
      if (shell) {
        if (isShellToolName(call.name)) return { subject, why: `'${shorten(call.name)}' is a shell tool` };
        for (const text of context.argumentTexts(call.arguments)) {
          const label = dangerousShellCommand(text);
          if (label !== null) return { subject, why: `argument matches ${label}` };
        }
      }
      if (!custom) continue;
      const glob = names === null ? undefined : names.match(call.name);
      if (names !== null && glob === undefined) continue;
      if (pattern !== null && !context.argumentTexts(call.arguments).some((t) => pattern.test(t))) continue;
      const because = [
        glob === undefined ? null : `name matches '${glob}'`,
        pattern === null ? null : `argument matches ${pattern.display}`,
      ].filter((b) => b !== null);
      return { subject, why: because.length > 0 ? because.join(" and ") : "tool calls are not allowed" };
    }
    return null;
  };
}

function textCheck(spec: GuardrailRuleSpec): CompiledRuleCheck {
  checkBuiltin(spec, undefined);
  const pattern = optionalPattern(spec);
  if (pattern === null) throw invalid(spec, "a prompt rule needs a pattern");
  const check: RuleCheck = (context) =>
    (context.input.texts ?? []).some((text) => pattern.test(text))
      ? { subject: textSubject(context.input.direction), why: textMatchWhy(pattern) }
      : null;
  return { check, textPattern: pattern };
}

export function textMatchWhy(pattern: UserRegex): string {
  return `text matches ${pattern.display}`;
}

function modelCheck(spec: GuardrailRuleSpec): RuleCheck {
  checkBuiltin(spec, undefined);
  const models = compileGlobList(spec.models);
  if (models === null) throw invalid(spec, "a model allow-list needs at least one model");
  const listed = models.globs.join(", ");
  return (context) => {
    const model = context.input.model;
    if (model === undefined || models.match(model) !== undefined) return null;
    return { subject: `model '${shorten(model)}'`, why: `not in the allow-list (${listed})` };
  };
}

function sqlCheck(spec: GuardrailRuleSpec): RuleCheck {
  checkBuiltin(spec, "destructive_sql");
  const destructive = spec.builtin === "destructive_sql";
  for (const cls of spec.sqlClasses ?? []) {
    if (!(SQL_CLASSES as readonly string[]).includes(cls)) throw invalid(spec, `unknown SQL class '${String(cls)}'`);
  }
  const classes: ReadonlySet<SqlClass> | null = spec.sqlClasses?.length ? new Set(spec.sqlClasses) : null;
  const pattern = optionalPattern(spec);
  const custom = classes !== null || pattern !== null || !destructive;
  return (context) => {
    const sql = context.input.sql ?? "";
    for (const statement of context.sqlStatements()) {
      const what = `${statement.summary} (${statement.class})`;
      if (destructive && statement.destructive) return { subject: "sql statement", why: `${what} is destructive` };
      if (!custom) continue;
      const cls = classes === null ? undefined : statement.classes.find((c) => classes.has(c));
      if (classes !== null && cls === undefined) continue;
      if (pattern !== null && !pattern.test(sql.slice(statement.start, statement.end))) continue;
      const why =
        pattern !== null
          ? `${statement.summary} (${cls ?? statement.class}) matches ${pattern.display}`
          : `${statement.summary} (${cls ?? statement.class}) is not allowed`;
      return { subject: "sql statement", why };
    }
    return null;
  };
}

/** Names come from clients; keep messages readable whatever they send. */
function shorten(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

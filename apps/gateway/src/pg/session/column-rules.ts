// Column masking rules: result columns whose name matches a glob (`ssn`, `*_email`, `card?`) are
// masked whatever they contain. Names compare case-insensitively, as unquoted SQL identifiers do.
// Compiled once per rule set.
import type { ConnectionRules } from "../../services";

export interface CompiledColumnRule {
  pattern: RegExp;
  label: string;
}

function globToRegExp(glob: string): RegExp {
  const body = glob.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

const compiled = new WeakMap<ConnectionRules["columnRules"], CompiledColumnRule[]>();

export function compileColumnRules(rules: ConnectionRules["columnRules"]): CompiledColumnRule[] {
  let result = compiled.get(rules);
  if (!result) {
    result = rules.flatMap((rule) => rule.columns.map((glob) => ({ pattern: globToRegExp(glob), label: rule.label })));
    compiled.set(rules, result);
  }
  return result;
}

/** The label of the first rule matching this column name, if any. */
export function columnLabel(rules: CompiledColumnRule[], column: string): string | undefined {
  for (const rule of rules) if (rule.pattern.test(column)) return rule.label;
  return undefined;
}

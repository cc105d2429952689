// Callers that classified the SQL already pass the statements along; the verdict must be the one
// the rules reach from the text alone, and the rules must not classify it again.
import { describe, expect, it } from "vitest";
import { classifySql } from "../sql/classifySql";
import { compileGuardrails } from "./compileGuardrails";
import type { GuardrailRuleSpec } from "./types";

const RULES: GuardrailRuleSpec[] = [
  { id: "g-destructive", name: "No destructive SQL", enabled: true, kind: "sql", directions: ["request"], builtin: "destructive_sql" },
  { id: "g-delete", name: "No DELETE", enabled: true, kind: "sql", directions: ["request"], sqlClasses: ["delete"] },
  { id: "g-secrets", name: "No secrets table", enabled: true, kind: "sql", directions: ["request"], pattern: "\\bsecrets\\b", flags: "i" },
];

const SAMPLES = [
  "SELECT abalance FROM pgbench_accounts WHERE aid = 42",
  "DROP TABLE customers",
  "select 1; delete from audit_log",
  "WITH gone AS (DELETE FROM t RETURNING *) SELECT * FROM gone",
  "SELECT * FROM secrets",
  "/* DROP TABLE x */ SELECT 'DROP TABLE y'",
  "",
];

describe("guardrails given pre-classified SQL statements", () => {
  const guardrails = compileGuardrails(RULES);

  it.each(SAMPLES)("reach the same verdict as from the text alone: %s", (sql) => {
    expect(guardrails.evaluate({ direction: "request", sql, sqlStatements: classifySql(sql) })).toEqual(guardrails.evaluate({ direction: "request", sql }));
  });

  it("judge the statements they are given instead of classifying the text again", () => {
    const verdict = guardrails.evaluate({ direction: "request", sql: "DROP TABLE customers", sqlStatements: classifySql("SELECT 1") });
    expect(verdict.action).toBe("allow");
  });
});

// Statement classes of a SQL string, from the policy package's classifier (which splits
// multi-statement strings and sees through comments, CTEs and dollar quotes).
import { classifySql } from "@airlock/policy";

export function statementClasses(sql: string): string[] {
  return classifySql(sql).map((statement) => statement.class);
}

// What the gateway works out about a statement text before deciding on it: its classes, the
// guardrail verdict and its masked rendering for the recording. All three are pure functions of
// the text and the connection's compiled rules, so they are cached per rule set: applications
// and ORMs send the same texts (with $n parameters) over and over. A new rule set (after a
// configuration change) is a new object and starts with an empty cache.
import { classifySql, type ClassifiedStatement, type Verdict } from "@airlock/policy";
import type { ConnectionRules } from "../../services";
import { maskForRecording } from "./recording-text";

export interface StatementAnalysis {
  /** Null when the classifier failed (the statement is then refused). */
  classes: string[] | null;
  verdict: Verdict;
  masked: string;
}

const MAX_ENTRIES = 1_000;
/** Longer texts are usually generated with inlined values and rarely repeat. */
const MAX_CACHED_LENGTH = 4_096;

const caches = new WeakMap<ConnectionRules, Map<string, StatementAnalysis>>();

function analyse(rules: ConnectionRules, sql: string): StatementAnalysis {
  // Classified once: the guardrails are handed the statements instead of tokenising the text again.
  let statements: ClassifiedStatement[] | null;
  try {
    statements = classifySql(sql);
  } catch {
    statements = null;
  }
  let verdict: Verdict;
  try {
    if (statements === null) throw new Error("the SQL could not be classified");
    verdict = rules.guardrails.evaluate({ direction: "request", sql, sqlStatements: statements });
  } catch {
    verdict = { action: "block", reason: "guardrail evaluation failed (fail closed)" };
  }
  return { classes: statements?.map((statement) => statement.class) ?? null, verdict, masked: maskForRecording(rules, sql) };
}

export function analyseStatement(rules: ConnectionRules, sql: string): StatementAnalysis {
  if (sql.length > MAX_CACHED_LENGTH) return analyse(rules, sql);
  let cache = caches.get(rules);
  if (!cache) {
    cache = new Map();
    caches.set(rules, cache);
  }
  const hit = cache.get(sql);
  if (hit) return hit;
  const result = analyse(rules, sql);
  if (cache.size >= MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  cache.set(sql, result);
  return result;
}

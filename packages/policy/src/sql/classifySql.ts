import { splitStatements, type SqlToken } from "./lexer";
import type { ClassifiedStatement, SqlClass } from "./sqlClass";

interface Part {
  cls: SqlClass;
  noWhere: boolean;
  destructive: boolean;
  writes: boolean;
  summary: string;
}

type Tokens = readonly SqlToken[];

/** Statement keywords that may open a parenthesised query or data-modifying part. */
const NESTED_STATEMENT = new Set(["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "WITH", "VALUES", "TABLE"]);
const MAIN_AFTER_WITH = new Set(["SELECT", "INSERT", "UPDATE", "DELETE", "MERGE", "VALUES", "TABLE"]);
const TRANSACTION = new Set(["BEGIN", "START", "COMMIT", "END", "ROLLBACK", "ABORT", "SAVEPOINT", "RELEASE"]);
/** Statements classed "other" that cannot change anything; every other unknown one may write. */
const READ_ONLY_OTHER = new Set([
  "LISTEN", "UNLISTEN", "NOTIFY", "FETCH", "MOVE", "CLOSE", "DECLARE", "DEALLOCATE", "LOCK",
  "CHECKPOINT", "DISCARD", "ANALYZE", "ANALYSE", "VACUUM",
]);
const RISKY_IN_DO_BLOCK = /\b(DROP|TRUNCATE|ALTER|GRANT|REVOKE|DELETE|UPDATE|COPY|EXECUTE)\b/i;
const WRITES: ReadonlySet<SqlClass> = new Set<SqlClass>([
  "insert", "update", "delete", "merge", "ddl_create", "ddl_alter", "ddl_drop", "truncate",
  "grant", "revoke", "copy_from", "copy_program", "call",
]);
const DESTRUCTIVE: ReadonlySet<SqlClass> = new Set<SqlClass>([
  "ddl_drop", "truncate", "ddl_alter", "grant", "revoke", "copy_program",
]);

/**
 * Splits a query string into statements and classifies each, seeing through comments, case,
 * parentheses, CTEs (`WITH x AS (DELETE FROM t RETURNING *) SELECT …` is a delete without WHERE),
 * EXPLAIN ANALYZE (which runs its statement) and PREPARE … AS.
 */
export function classifySql(sql: string): ClassifiedStatement[] {
  return splitStatements(sql).map(({ tokens, start, end }) => {
    const closers = matchParentheses(tokens);
    const main = mainPart(tokens, 0, tokens.length, closers);
    // Plain EXPLAIN runs nothing, so what it would plan does not count.
    const parts = main.cls === "explain" ? [main] : [main, ...nestedParts(tokens, closers)];
    const effective = parts.find((p) => p.destructive) ?? parts.find((p) => p.writes) ?? main;
    return {
      class: effective.cls,
      classes: [...new Set(parts.map((p) => p.cls))],
      noWhere: parts.some((p) => p.noWhere),
      destructive: parts.some((p) => p.destructive),
      writes: parts.some((p) => p.writes),
      start,
      end,
      summary: effective === main ? main.summary : `${effective.summary} (inside a WITH clause or subquery)`,
    };
  });
}

/** For each "(" the index of its ")" (or the end when unbalanced). */
function matchParentheses(tokens: Tokens): Int32Array {
  const closers = new Int32Array(tokens.length).fill(tokens.length);
  const open: number[] = [];
  tokens.forEach((t, i) => {
    if (isSymbol(t, "(")) open.push(i);
    else if (isSymbol(t, ")") && open.length > 0) closers[open.pop()!] = i;
  });
  return closers;
}

/** Every parenthesised part that is itself a statement: CTE bodies, subqueries, RULE actions. */
function nestedParts(tokens: Tokens, closers: Int32Array): Part[] {
  const parts: Part[] = [];
  for (let i = 0; i < tokens.length - 1; i++) {
    if (isSymbol(tokens[i]!, "(") && NESTED_STATEMENT.has(wordAt(tokens, i + 1))) {
      parts.push(mainPart(tokens, i + 1, closers[i]!, closers));
    }
  }
  return parts;
}

function mainPart(tokens: Tokens, from: number, to: number, closers: Int32Array): Part {
  let i = from;
  while (i < to && isSymbol(tokens[i]!, "(")) i++;
  const keyword = wordAt(tokens, i);
  switch (keyword) {
    case "WITH": {
      const main = findTopLevel(tokens, i + 1, to, closers, (t) => t.kind === "word" && MAIN_AFTER_WITH.has(t.value));
      return main === -1 ? part("other", "WITH without a statement") : mainPart(tokens, main, to, closers);
    }
    case "SELECT":
      return findTopLevel(tokens, i + 1, to, closers, (t) => isWord(t, "INTO")) === -1
        ? part("select", "SELECT")
        : part("ddl_create", "SELECT INTO (creates a table)");
    case "VALUES":
    case "TABLE":
      return part("select", keyword);
    case "INSERT":
      return part("insert", "INSERT");
    case "MERGE":
      return part("merge", "MERGE");
    case "UPDATE":
    case "DELETE":
      return filteredWrite(keyword, tokens, i, to, closers);
    case "CREATE":
      return part("ddl_create", objectSummary(tokens, i, to));
    case "ALTER":
      return part("ddl_alter", objectSummary(tokens, i, to));
    case "DROP":
      return part("ddl_drop", objectSummary(tokens, i, to));
    case "TRUNCATE":
      return part("truncate", "TRUNCATE");
    case "GRANT":
      return part("grant", "GRANT");
    case "REVOKE":
      return part("revoke", "REVOKE");
    case "COPY":
      return copyPart(tokens, i, to, closers);
    case "SET":
    case "RESET":
      return part("set", keyword);
    case "SHOW":
      return part("show", "SHOW");
    case "CALL":
      return part("call", "CALL");
    case "EXPLAIN":
      return explainPart(tokens, i, to, closers);
    case "PREPARE":
      return preparePart(tokens, i, to, closers);
    case "DO":
      return doPart(tokens, i, to);
    default:
      if (TRANSACTION.has(keyword)) return part("transaction", keyword);
      return { ...part("other", keyword || "unrecognised statement"), writes: !READ_ONLY_OTHER.has(keyword) };
  }
}

function part(cls: SqlClass, summary: string, noWhere = false): Part {
  return { cls, noWhere, destructive: DESTRUCTIVE.has(cls) || noWhere, writes: WRITES.has(cls), summary };
}

function filteredWrite(keyword: "UPDATE" | "DELETE", tokens: Tokens, i: number, to: number, closers: Int32Array): Part {
  const cls = keyword === "UPDATE" ? "update" : "delete";
  const where = findTopLevel(tokens, i + 1, to, closers, (t) => isWord(t, "WHERE"));
  if (where === -1) return part(cls, `${keyword} without WHERE`, true);
  const returning = findTopLevel(tokens, where + 1, to, closers, (t) => isWord(t, "RETURNING"));
  if (alwaysTrue(tokens, where + 1, returning === -1 ? to : returning, closers)) {
    return part(cls, `${keyword} with an always-true WHERE`, true);
  }
  return part(cls, keyword);
}

/** WHERE TRUE, WHERE 1=1, WHERE … OR 'a'='a' and the like. */
function alwaysTrue(tokens: Tokens, from: number, to: number, closers: Int32Array): boolean {
  let start = from;
  for (let i = from; i <= to; i++) {
    const atEnd = i === to;
    if (!atEnd && isSymbol(tokens[i]!, "(")) {
      i = Math.min(closers[i]!, to - 1);
      continue;
    }
    if (atEnd || isWord(tokens[i]!, "OR")) {
      if (tautology(tokens, start, i)) return true;
      start = i + 1;
    }
  }
  return false;
}

function tautology(tokens: Tokens, from: number, to: number): boolean {
  while (to - from >= 2 && isSymbol(tokens[from]!, "(") && isSymbol(tokens[to - 1]!, ")")) {
    from++;
    to--;
  }
  const t = tokens.slice(from, to);
  if (t.length === 1) return isWord(t[0]!, "TRUE");
  if (t.length === 2) return isWord(t[0]!, "NOT") && isWord(t[1]!, "FALSE");
  if (t.length === 3 && isSymbol(t[1]!, "=")) {
    const [a, , b] = t as [SqlToken, SqlToken, SqlToken];
    return (a.kind === "number" || a.kind === "string") && a.kind === b.kind && a.value === b.value;
  }
  return false;
}

function copyPart(tokens: Tokens, i: number, to: number, closers: Int32Array): Part {
  const direction = findTopLevel(tokens, i + 1, to, closers, (t) => isWord(t, "TO") || isWord(t, "FROM"));
  if (direction === -1) return { ...part("other", "COPY"), writes: true };
  const towards = tokens[direction]!.value;
  const target = wordAt(tokens, direction + 1);
  if (target === "PROGRAM") return part("copy_program", `COPY … ${towards} PROGRAM`);
  const where = target === "STDIN" || target === "STDOUT" ? target : "a file";
  return part(towards === "TO" ? "copy_to" : "copy_from", `COPY … ${towards} ${where}`);
}

/** Plain EXPLAIN only plans; EXPLAIN ANALYZE runs the statement, so it is what it explains. */
function explainPart(tokens: Tokens, i: number, to: number, closers: Int32Array): Part {
  let j = i + 1;
  let analyze = false;
  if (isSymbol(tokens[j] ?? null, "(")) {
    const close = closers[j]!;
    for (let k = j + 1; k < close; k++) {
      if (isWord(tokens[k]!, "ANALYZE") || isWord(tokens[k]!, "ANALYSE")) {
        const setting = tokens[k + 1];
        analyze = !(setting && (isWord(setting, "FALSE") || isWord(setting, "OFF") || setting.value === "0"));
      }
    }
    j = close + 1;
  } else {
    while (["ANALYZE", "ANALYSE", "VERBOSE"].includes(wordAt(tokens, j))) {
      if (wordAt(tokens, j) !== "VERBOSE") analyze = true;
      j++;
    }
  }
  if (!analyze) return part("explain", "EXPLAIN");
  const inner = mainPart(tokens, j, to, closers);
  return { ...inner, summary: `EXPLAIN ANALYZE ${inner.summary}` };
}

function preparePart(tokens: Tokens, i: number, to: number, closers: Int32Array): Part {
  if (wordAt(tokens, i + 1) === "TRANSACTION") return part("transaction", "PREPARE TRANSACTION");
  const as = findTopLevel(tokens, i + 1, to, closers, (t) => isWord(t, "AS"));
  if (as === -1) return { ...part("other", "PREPARE"), writes: true };
  // The prepared statement runs later through EXECUTE, which shows nothing; judge it now.
  const inner = mainPart(tokens, as + 1, to, closers);
  return { ...inner, summary: `PREPARE … AS ${inner.summary}` };
}

/** An anonymous code block runs at once and hides its statements in a string: judge its words. */
function doPart(tokens: Tokens, i: number, to: number): Part {
  let body = "";
  for (let k = i + 1; k < to; k++) if (tokens[k]!.kind === "string") body += `${tokens[k]!.value}\n`;
  const risky = RISKY_IN_DO_BLOCK.exec(body);
  return {
    ...part("other", risky ? `DO block using ${risky[1]!.toUpperCase()}` : "DO block"),
    writes: true,
    destructive: risky !== null,
  };
}

function objectSummary(tokens: Tokens, i: number, to: number): string {
  const words = [tokens[i]!.value];
  for (let k = i + 1; k < to && words.length < 4; k++) {
    const t = tokens[k]!;
    if (t.kind !== "word" || ["IF", "EXISTS", "NOT", "CONCURRENTLY"].includes(t.value)) break;
    words.push(t.value);
    if (!["OR", "REPLACE", "TEMP", "TEMPORARY", "UNLOGGED", "UNIQUE", "MATERIALIZED", "FOREIGN", "GLOBAL", "LOCAL"].includes(t.value)) break;
  }
  return words.join(" ");
}

/** Index of the first token in [from, to) outside any parentheses that `test` accepts, or -1. */
function findTopLevel(
  tokens: Tokens,
  from: number,
  to: number,
  closers: Int32Array,
  test: (t: SqlToken) => boolean,
): number {
  for (let k = from; k < to; k++) {
    const t = tokens[k]!;
    if (isSymbol(t, "(")) k = closers[k]!;
    else if (test(t)) return k;
  }
  return -1;
}

function wordAt(tokens: Tokens, i: number): string {
  const t = tokens[i];
  return t !== undefined && t.kind === "word" ? t.value : "";
}

function isWord(t: SqlToken, value: string): boolean {
  return t.kind === "word" && t.value === value;
}

function isSymbol(t: SqlToken | null, value: string): boolean {
  return t !== null && t.kind === "symbol" && t.value === value;
}

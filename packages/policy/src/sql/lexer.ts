/**
 * A PostgreSQL lexer just deep enough to split a query string into statements and see keywords:
 * it knows '…' strings with '' escapes, E'…' strings with backslash escapes, "quoted identifiers",
 * $tag$ dollar quotes $tag$, -- line comments and nested /* block comments *\/. Unterminated
 * strings and comments run to the end, as the server would read them.
 *
 * Hand-written rather than a full parser (libpg_query's WASM build, node-sql-parser) because the
 * guardrail must classify anything a client sends, including SQL a grammar rejects, on the hot
 * path, and it needs only tokens.
 */
export type SqlTokenKind = "word" | "quoted" | "string" | "number" | "param" | "symbol";

export interface SqlToken {
  readonly kind: SqlTokenKind;
  /** Words upper-cased; strings and quoted identifiers without their quotes; symbols as written. */
  readonly value: string;
  readonly start: number;
  readonly end: number;
}

export interface StatementTokens {
  readonly tokens: readonly SqlToken[];
  readonly start: number;
  readonly end: number;
}

/** Splits at every `;` outside strings, identifiers and comments; empty statements are dropped. */
export function splitStatements(sql: string): StatementTokens[] {
  const statements: StatementTokens[] = [];
  let current: SqlToken[] = [];
  const close = () => {
    if (current.length > 0) {
      statements.push({ tokens: current, start: current[0]!.start, end: current[current.length - 1]!.end });
      current = [];
    }
  };
  for (const token of tokenize(sql)) {
    if (token.kind === "symbol" && token.value === ";") close();
    else current.push(token);
  }
  close();
  return statements;
}

export function* tokenize(sql: string): Generator<SqlToken> {
  const n = sql.length;
  let i = 0;
  while (i < n) {
    const c = sql.charCodeAt(i);
    if (isSpace(c)) {
      i++;
    } else if (c === 45 /* - */ && sql.charCodeAt(i + 1) === 45) {
      const nl = sql.indexOf("\n", i + 2);
      i = nl === -1 ? n : nl + 1;
    } else if (c === 47 /* / */ && sql.charCodeAt(i + 1) === 42 /* * */) {
      i = skipBlockComment(sql, i);
    } else if (c === 39 /* ' */) {
      const end = skipQuoted(sql, i, 39, false);
      yield { kind: "string", value: sql.slice(i + 1, end - 1), start: i, end };
      i = end;
    } else if (c === 34 /* " */) {
      const end = skipQuoted(sql, i, 34, false);
      yield { kind: "quoted", value: sql.slice(i + 1, end - 1).replace(/""/g, '"'), start: i, end };
      i = end;
    } else if (c === 36 /* $ */) {
      const token = readDollar(sql, i);
      yield token;
      i = token.end;
    } else if (isWordStart(c)) {
      let end = i + 1;
      while (end < n && isWordPart(sql.charCodeAt(end))) end++;
      const word = sql.slice(i, end);
      const prefixed = readPrefixedLiteral(sql, i, end, word);
      if (prefixed !== null) {
        yield prefixed;
        i = prefixed.end;
      } else {
        yield { kind: "word", value: word.toUpperCase(), start: i, end };
        i = end;
      }
    } else if (isDigit(c) || (c === 46 /* . */ && isDigit(sql.charCodeAt(i + 1)))) {
      let end = i + 1;
      while (end < n && (isDigit(sql.charCodeAt(end)) || sql.charCodeAt(end) === 46 || sql.charCodeAt(end) === 95)) end++;
      yield { kind: "number", value: sql.slice(i, end), start: i, end };
      i = end;
    } else {
      yield { kind: "symbol", value: sql[i]!, start: i, end: i + 1 };
      i++;
    }
  }
}

/** E'…' (backslash escapes), U&'…' / U&"…", and B'…' X'…' N'…' literals. */
function readPrefixedLiteral(sql: string, start: number, wordEnd: number, word: string): SqlToken | null {
  const next = sql.charCodeAt(wordEnd);
  const upper = word.toUpperCase();
  if (next === 39 && (upper === "E" || upper === "B" || upper === "X" || upper === "N")) {
    const end = skipQuoted(sql, wordEnd, 39, upper === "E");
    return { kind: "string", value: sql.slice(wordEnd + 1, end - 1), start, end };
  }
  if (upper === "U" && next === 38 /* & */) {
    const quote = sql.charCodeAt(wordEnd + 1);
    if (quote === 39 || quote === 34) {
      const end = skipQuoted(sql, wordEnd + 1, quote, false);
      return { kind: quote === 39 ? "string" : "quoted", value: sql.slice(wordEnd + 2, end - 1), start, end };
    }
  }
  return null;
}

/** Returns the index after the closing quote (a doubled quote is an escaped one). */
function skipQuoted(sql: string, open: number, quote: number, backslashEscapes: boolean): number {
  let i = open + 1;
  while (i < sql.length) {
    const c = sql.charCodeAt(i);
    if (backslashEscapes && c === 92 /* \ */) {
      i += 2;
    } else if (c === quote) {
      if (sql.charCodeAt(i + 1) === quote) i += 2;
      else return i + 1;
    } else {
      i++;
    }
  }
  return sql.length;
}

function skipBlockComment(sql: string, open: number): number {
  let depth = 0;
  let i = open;
  while (i < sql.length) {
    if (sql.charCodeAt(i) === 47 && sql.charCodeAt(i + 1) === 42) {
      depth++;
      i += 2;
    } else if (sql.charCodeAt(i) === 42 && sql.charCodeAt(i + 1) === 47) {
      depth--;
      i += 2;
      if (depth === 0) return i;
    } else {
      i++;
    }
  }
  return sql.length;
}

/** $1 parameters, $tag$…$tag$ dollar-quoted strings, or a lone $ symbol. */
function readDollar(sql: string, start: number): SqlToken {
  let i = start + 1;
  if (isDigit(sql.charCodeAt(i))) {
    while (isDigit(sql.charCodeAt(i))) i++;
    return { kind: "param", value: sql.slice(start, i), start, end: i };
  }
  if (i < sql.length && isWordStart(sql.charCodeAt(i))) {
    while (i < sql.length && isWordPart(sql.charCodeAt(i)) && sql.charCodeAt(i) !== 36) i++;
  }
  if (sql.charCodeAt(i) !== 36) return { kind: "symbol", value: "$", start, end: start + 1 };
  const tag = sql.slice(start, i + 1);
  const close = sql.indexOf(tag, i + 1);
  const end = close === -1 ? sql.length : close + tag.length;
  return { kind: "string", value: sql.slice(i + 1, close === -1 ? sql.length : close), start, end };
}

function isSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13) || c === 0xa0 || c === 0xfeff;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isWordStart(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c >= 0x80;
}

function isWordPart(c: number): boolean {
  return isWordStart(c) || isDigit(c) || c === 36;
}

// RFC 8785 (JSON Canonicalization Scheme). Hand-written rather than taken from the `canonicalize`
// package (one of the RFC's listed implementations, kept as the oracle of the property test in
// test/canonical.test.ts) because hashing sits on the gateway's hot path and that package costs
// about twice as much per event. The equivalence rests on three facts: JCS serialises strings
// and numbers exactly as ECMAScript's JSON.stringify does (strings that need escaping are handed to
// it; numbers go through Number::toString, which it uses too); keys are sorted by UTF-16 code unit,
// which is what Array#sort compares; and the only \u escapes JSON.stringify emits are for control
// characters and lone surrogates, so a string needs a closer look only when its encoding contains
// "\u". Most strings need no escaping at all, which a regular expression finds out faster than a
// JSON.stringify call.
//
// The same walk has a lenient form, for the gateway's recorder, which must record whatever a data
// path hands it and store it in a jsonb column: it never throws on a value (cycles aside) and yields
// text PostgreSQL accepts. It follows JSON.stringify where strict encoding throws (non-finite
// numbers become null, an undefined top level becomes null), writes a bigint as a decimal string,
// and replaces the two things jsonb refuses, NUL and lone UTF-16 surrogates, with U+FFFD in strings
// and keys (when two keys become equal that way, the later one wins).

/**
 * Strings with nothing JSON escapes and no UTF-16 surrogate (a lone one has no faithful form).
 * Written as "only allowed characters, start to end" rather than as a search for a character that
 * needs care: irregexp runs the anchored form as one tight loop, about a third faster on long text
 * (a 16 KB reply is recorded whole).
 */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const PLAIN = /^[^"\\\u0000-\u001f\ud800-\udfff]*$/;
/** A lone surrogate: with the u flag \p{Cs} matches only unpaired ones (a pair is one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * From this nesting depth on, each level is checked against the ones above it (down to this
 * depth) for a cycle: a cycle nests forever, so it is caught there, and shallow values (every real
 * payload) pay nothing for cycle detection.
 */
const CYCLE_CHECK_DEPTH = 64;

/** JSON text of a string, as JCS wants it; throws on a lone surrogate (no faithful JSON form). */
export function canonicalString(value: string): string {
  if (PLAIN.test(value)) return `"${value}"`;
  const text = JSON.stringify(value);
  if (text.includes("\\u") && LONE_SURROGATE.test(value)) throw new TypeError("a lone surrogate cannot be canonically encoded");
  return text;
}

/** JSON text of a finite number (ECMAScript Number::toString, -0 as 0); throws otherwise. */
export function canonicalNumber(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be canonically encoded`);
  return String(value);
}

// With the u flag \p{Cs} matches only unpaired surrogates: a valid pair is one code point.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /[\p{Cs}\u0000]/gu;
/** A cheap first look: NUL or any surrogate, paired or not. */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;

/** Replaces what jsonb and text columns cannot store (NUL, lone surrogates) with U+FFFD. */
export function storableString(value: string): string {
  return MAYBE_UNSTORABLE.test(value) ? value.replace(UNSTORABLE, "\uFFFD") : value;
}

export interface CanonicalOptions {
  /** The recorder's form (see the top of this file): never throws on a value, except on a cycle. */
  lenient?: boolean;
}

/**
 * Stable JSON text for hashing: keys sorted by UTF-16 code unit, no whitespace, numbers in
 * ECMAScript form, properties whose value is undefined omitted (as JSON.stringify and the
 * database do). Throws on values JSON cannot carry faithfully: NaN, Infinity, bigint, lone
 * surrogates, cycles, or a top-level value with no JSON form; `lenient` encodes all of those but
 * cycles (see the top of this file).
 */
export function canonicalEncode(value: unknown, options?: CanonicalOptions): string {
  const lenient = options?.lenient === true;
  const text = encode(value, { depth: 0, deep: [], lenient });
  if (text !== undefined) return text;
  if (lenient) return "null";
  throw new TypeError(`cannot canonically encode a value of type ${typeof value}`);
}

// The two forms differ in a few leaves only. They are told apart by a flag and direct calls rather
// than by a table of functions: the walk stays monomorphic, which keeps it as fast as either form
// was on its own.

function lenientString(value: string): string {
  return PLAIN.test(value) ? `"${value}"` : canonicalString(storableString(value));
}

/** Keys recur in every payload: their lenient JSON text (null: storableString changes the key) is remembered. */
const lenientKeys = new Map<string, string | null>();
/** Bounds that cache: generic HTTP bodies can bring any number of distinct keys. */
const LENIENT_KEYS_MAX = 4_096;

function lenientKey(key: string): string | null {
  let json = lenientKeys.get(key);
  if (json === undefined) {
    json = MAYBE_UNSTORABLE.test(key) && storableString(key) !== key ? null : canonicalString(key);
    if (lenientKeys.size >= LENIENT_KEYS_MAX) lenientKeys.clear();
    lenientKeys.set(key, json);
  }
  return json;
}

interface Walk {
  depth: number;
  /** The containers being encoded at CYCLE_CHECK_DEPTH and below, outermost first. */
  deep: object[];
  lenient: boolean;
}

/** The JSON text of `value`, or undefined for what JSON.stringify leaves out (undefined, functions, symbols). */
function encode(value: unknown, walk: Walk): string | undefined {
  switch (typeof value) {
    case "string":
      return walk.lenient ? lenientString(value) : canonicalString(value);
    case "number":
      return walk.lenient && !Number.isFinite(value) ? "null" : canonicalNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      return value === null ? "null" : encodeObject(value, walk);
    case "bigint":
      if (walk.lenient) return `"${value.toString()}"`;
      throw new TypeError("a bigint cannot be canonically encoded");
    default:
      return undefined;
  }
}

// No try/finally around the nesting: a throw abandons the whole encoding, walk included.
function encodeObject(value: object, walk: Walk): string | undefined {
  const withToJson = value as { toJSON?: unknown };
  let text: string | undefined;
  enter(value, walk);
  if (typeof withToJson.toJSON === "function") {
    // Dates and the like: JSON.stringify encodes what toJSON returns (wrappers can form cycles too).
    text = encode((withToJson.toJSON as () => unknown).call(value), walk);
  } else if (value instanceof Number || value instanceof String || value instanceof Boolean) {
    text = encode(value.valueOf(), walk);
  } else {
    text = Array.isArray(value) ? encodeArray(value, walk) : encodeMembers(value as Record<string, unknown>, walk);
  }
  leave(walk);
  return text;
}

function encodeArray(items: readonly unknown[], walk: Walk): string {
  let text = "[";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) text += ",";
    text += encode(items[i], walk) ?? "null";
  }
  return `${text}]`;
}

function encodeMembers(object: Record<string, unknown>, walk: Walk): string {
  const keys = Object.keys(object);
  if (walk.lenient) for (const key of keys) if (lenientKey(key) === null) return encodeRenamedMembers(object, keys, walk);
  sortKeys(keys);
  let text = "{";
  for (const key of keys) {
    const member = encode(object[key], walk);
    if (member === undefined) continue;
    if (text.length > 1) text += ",";
    text += `${walk.lenient ? lenientKey(key)! : canonicalString(key)}:${member}`;
  }
  return `${text}}`;
}

/**
 * Sorts by UTF-16 code units, as Array.prototype.sort does. Payload objects have a handful of keys,
 * and an insertion sort of those allocates nothing, where the built-in sort allocates a work area
 * per call (the recorder's largest allocation per event).
 */
function sortKeys(keys: string[]): void {
  if (keys.length > 16) {
    keys.sort();
    return;
  }
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i]!;
    let j = i - 1;
    while (j >= 0 && keys[j]! > key) {
      keys[j + 1] = keys[j]!;
      j--;
    }
    keys[j + 1] = key;
  }
}

/** Lenient only: keys that storableString changes may change order, or become equal (the later one wins). */
function encodeRenamedMembers(object: Record<string, unknown>, keys: string[], walk: Walk): string {
  const members = new Map<string, string>();
  for (const key of keys) {
    const member = encode(object[key], walk);
    if (member !== undefined) members.set(storableString(key), member);
  }
  const parts = [...members.keys()].sort().map((key) => `${canonicalString(key)}:${members.get(key)!}`);
  return `{${parts.join(",")}}`;
}

function enter(value: object, walk: Walk): void {
  if (walk.depth++ < CYCLE_CHECK_DEPTH) return;
  if (walk.deep.includes(value)) throw new TypeError("a circular structure cannot be canonically encoded");
  walk.deep.push(value);
}

function leave(walk: Walk): void {
  if (--walk.depth >= CYCLE_CHECK_DEPTH) walk.deep.pop();
}

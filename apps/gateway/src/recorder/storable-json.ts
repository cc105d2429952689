// Turns an event payload into canonical JSON text (RFC 8785, what the hash chain covers) that
// PostgreSQL's jsonb also accepts, so that `append` never throws and a stored event never fails to
// insert. One pass over the payload, with no copy of it: the text is hashed, queued, spooled and
// stored as it is, so a payload the data path mutates afterwards cannot make the stored event
// differ from the hashed one. Hand-written because JSON.stringify cannot sort keys, rejects bigint,
// and keeps the two things jsonb refuses: the NUL character and lone UTF-16 surrogates.
//
// The rules are JSON.stringify's (toJSON, undefined and functions dropped from objects and nulled
// in arrays, non-finite numbers become null) plus: bigint becomes a decimal string, and strings and
// keys go through `storableString` (when two keys become equal that way, the later one wins).
// test/storable-json.test.ts checks the result against canonicalEncode of a plain deep copy made
// by those rules.
import { canonicalNumber, canonicalString } from "@airlock/recording";

// With the u flag \p{Cs} matches only unpaired surrogates: a valid pair is one code point.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /[\p{Cs}\u0000]/gu;
/** A cheap first look: NUL or any surrogate, paired or not. */
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const MAYBE_UNSTORABLE = /[\u0000\ud800-\udfff]/;
/** Everything JSON escapes, and every surrogate: a string without any is stored and encoded as it is. */
// eslint-disable-next-line no-control-regex -- control characters are what JSON escapes
const NOT_PLAIN = /["\\\u0000-\u001f\ud800-\udfff]/;

/** Keys recur in every payload: their JSON text (null: storableString changes the key) is remembered. */
const keyJsonCache = new Map<string, string | null>();
/** Bounds the cache: payloads of generic HTTP bodies can bring any number of distinct keys. */
const KEY_CACHE_MAX = 4_096;

/** Nesting from which cycles are looked for (see canonicalEncode in @airlock/recording). */
const CYCLE_CHECK_DEPTH = 64;

/** Replaces what jsonb and text columns cannot store (NUL, lone surrogates) with U+FFFD. */
export function storableString(value: string): string {
  return MAYBE_UNSTORABLE.test(value) ? value.replace(UNSTORABLE, "\uFFFD") : value;
}

/** The canonical JSON text of `value` as it can be stored. Throws TypeError on a cycle. */
export function storableJsonText(value: unknown): string {
  return encode(value, { depth: 0, deep: [] }) ?? "null";
}

interface Walk {
  depth: number;
  deep: object[];
}

function encode(value: unknown, walk: Walk): string | undefined {
  switch (typeof value) {
    case "string":
      return NOT_PLAIN.test(value) ? canonicalString(storableString(value)) : `"${value}"`;
    case "number":
      return Number.isFinite(value) ? canonicalNumber(value) : "null";
    case "boolean":
      return value ? "true" : "false";
    case "bigint":
      return `"${value.toString()}"`;
    case "object":
      return value === null ? "null" : encodeObject(value, walk);
    default:
      return undefined;
  }
}

// No try/finally around the nesting: a throw abandons the whole encoding, walk included.
function encodeObject(value: object, walk: Walk): string | undefined {
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === "function") return encode((withToJson.toJSON as () => unknown).call(value), walk);
  if (walk.depth++ >= CYCLE_CHECK_DEPTH) {
    if (walk.deep.includes(value)) throw new TypeError("payload contains a circular reference");
    walk.deep.push(value);
  }
  const text = Array.isArray(value) ? encodeArray(value, walk) : encodeMembers(value as Record<string, unknown>, walk);
  if (--walk.depth >= CYCLE_CHECK_DEPTH) walk.deep.pop();
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
  for (const key of keys) if (keyJson(key) === null) return encodeRenamedMembers(object, keys, walk);
  keys.sort();
  let text = "{";
  for (const key of keys) {
    const member = encode(object[key], walk);
    if (member === undefined) continue;
    if (text.length > 1) text += ",";
    text += `${keyJson(key)!}:${member}`;
  }
  return `${text}}`;
}

function keyJson(key: string): string | null {
  let json = keyJsonCache.get(key);
  if (json === undefined) {
    json = MAYBE_UNSTORABLE.test(key) && storableString(key) !== key ? null : canonicalString(key);
    if (keyJsonCache.size >= KEY_CACHE_MAX) keyJsonCache.clear();
    keyJsonCache.set(key, json);
  }
  return json;
}

/** Keys that storableString changes may change order, or become equal (the later one wins). */
function encodeRenamedMembers(object: Record<string, unknown>, keys: string[], walk: Walk): string {
  const members = new Map<string, string>();
  for (const key of keys) {
    const member = encode(object[key], walk);
    if (member !== undefined) members.set(storableString(key), member);
  }
  const parts = [...members.keys()].sort().map((key) => `${canonicalString(key)}:${members.get(key)!}`);
  return `{${parts.join(",")}}`;
}

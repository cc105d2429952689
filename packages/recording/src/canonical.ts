// RFC 8785 (JSON Canonicalization Scheme). Hand-written rather than taken from the `canonicalize`
// package (one of the RFC's listed implementations, kept as the oracle of the property test in
// test/canonical.test.ts) because hashing sits on the gateway's hot path and that package costs
// several times more per event. The equivalence rests on three facts: JCS serialises strings and
// numbers exactly as ECMAScript's JSON.stringify does, so each primitive is handed to the engine's
// native JSON.stringify; keys are sorted by UTF-16 code unit, which is what Array#sort compares;
// and the only \u escapes JSON.stringify emits are for control characters and lone surrogates, so a
// string needs a closer look only when its encoding contains "\u".

/** A lone surrogate: with the u flag \p{Cs} matches only unpaired ones (a pair is one code point). */
const LONE_SURROGATE = /\p{Cs}/u;

/**
 * Past this nesting depth every level checks its ancestors for a cycle. Payloads never nest this
 * deep, so ordinary values pay nothing for cycle detection.
 */
const CYCLE_CHECK_DEPTH = 64;

/** JSON text of a string, as JCS wants it; throws on a lone surrogate (no faithful JSON form). */
export function canonicalString(value: string): string {
  const text = JSON.stringify(value);
  if (text.includes("\\u") && LONE_SURROGATE.test(value)) throw new TypeError("a lone surrogate cannot be canonically encoded");
  return text;
}

/** JSON text of a finite number (ECMAScript Number::toString, -0 as 0); throws otherwise. */
export function canonicalNumber(value: number): string {
  if (!Number.isFinite(value)) throw new TypeError(`${value} cannot be canonically encoded`);
  return JSON.stringify(value);
}

/**
 * Stable JSON text for hashing: keys sorted by UTF-16 code unit, no whitespace, numbers in
 * ECMAScript form, properties whose value is undefined omitted (as JSON.stringify and the
 * database do). Throws on values JSON cannot carry faithfully: NaN, Infinity, bigint, lone
 * surrogates, cycles, or a top-level value with no JSON form.
 */
export function canonicalEncode(value: unknown): string {
  const text = encode(value, []);
  if (text === undefined) throw new TypeError(`cannot canonically encode a value of type ${typeof value}`);
  return text;
}

/** The JSON text of `value`, or undefined for what JSON.stringify leaves out (undefined, functions, symbols). */
function encode(value: unknown, ancestors: object[]): string | undefined {
  switch (typeof value) {
    case "string":
      return canonicalString(value);
    case "number":
      return canonicalNumber(value);
    case "boolean":
      return value ? "true" : "false";
    case "object":
      return value === null ? "null" : encodeObject(value, ancestors);
    case "bigint":
      throw new TypeError("a bigint cannot be canonically encoded");
    default:
      return undefined;
  }
}

function encodeObject(value: object, ancestors: object[]): string | undefined {
  const withToJson = value as { toJSON?: unknown };
  if (typeof withToJson.toJSON === "function") {
    // Dates and the like: JSON.stringify encodes what toJSON returns (wrappers can form cycles too).
    enter(value, ancestors);
    try {
      return encode((withToJson.toJSON as () => unknown).call(value), ancestors);
    } finally {
      ancestors.pop();
    }
  }
  if (value instanceof Number || value instanceof String || value instanceof Boolean) return encode(value.valueOf(), ancestors);
  enter(value, ancestors);
  try {
    return Array.isArray(value) ? encodeArray(value, ancestors) : encodeMembers(value as Record<string, unknown>, ancestors);
  } finally {
    ancestors.pop();
  }
}

function encodeArray(items: readonly unknown[], ancestors: object[]): string {
  let text = "[";
  for (let i = 0; i < items.length; i++) {
    if (i > 0) text += ",";
    text += encode(items[i], ancestors) ?? "null";
  }
  return `${text}]`;
}

function encodeMembers(object: Record<string, unknown>, ancestors: object[]): string {
  const keys = Object.keys(object).sort();
  let text = "{";
  for (const key of keys) {
    const member = encode(object[key], ancestors);
    if (member === undefined) continue;
    if (text.length > 1) text += ",";
    text += `${canonicalString(key)}:${member}`;
  }
  return `${text}}`;
}

function enter(value: object, ancestors: object[]): void {
  if (ancestors.length >= CYCLE_CHECK_DEPTH && ancestors.includes(value)) throw new TypeError("a circular structure cannot be canonically encoded");
  ancestors.push(value);
}

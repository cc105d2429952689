// Converts an event payload into JSON that both the hash chain's canonical encoding (RFC 8785) and
// PostgreSQL's jsonb accept, so that `append` never throws and a stored event never fails to
// insert. Hand-written because JSON.stringify's replacer cannot rewrite object keys, rejects bigint,
// and keeps the two things jsonb refuses: the NUL character and lone UTF-16 surrogates.
import type { JsonValue } from "@airlock/recording";

// With the u flag \p{Cs} matches only unpaired surrogates: a valid pair is one code point.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const UNSTORABLE = /[\p{Cs}\u0000]/gu;

/** Replaces what jsonb and text columns cannot store (NUL, lone surrogates) with U+FFFD. */
export function storableString(value: string): string {
  return value.replace(UNSTORABLE, "\uFFFD");
}

/**
 * A deep copy of `value` as plain JSON, following JSON.stringify's rules (toJSON, undefined and
 * functions dropped from objects and nulled in arrays, non-finite numbers become null) plus:
 * bigint becomes a decimal string and strings and keys go through `storableString`.
 * Throws TypeError on a cycle. The copy also protects the hashed value from later mutation.
 */
export function toStorableJson(value: unknown): JsonValue {
  return convert(value, new Set()) ?? null;
}

function convert(value: unknown, ancestors: Set<object>): JsonValue | undefined {
  if (value === null) return null;
  switch (typeof value) {
    case "string":
      return storableString(value);
    case "number":
      return Number.isFinite(value) ? value : null;
    case "boolean":
      return value;
    case "bigint":
      return value.toString();
    case "undefined":
    case "function":
    case "symbol":
      return undefined;
  }
  const object = value as { toJSON?: unknown };
  if (typeof object.toJSON === "function") {
    return convert((object.toJSON as () => unknown).call(object), ancestors);
  }
  if (ancestors.has(object)) throw new TypeError("payload contains a circular reference");
  ancestors.add(object);
  try {
    if (Array.isArray(object)) return object.map((item) => convert(item, ancestors) ?? null);
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(object)) {
      const converted = convert(item, ancestors);
      if (converted !== undefined) out[storableString(key)] = converted;
    }
    return out;
  } finally {
    ancestors.delete(object);
  }
}

// RFC 8785 (JSON Canonicalization Scheme) through the `canonicalize` package, one of the
// reference implementations listed by the RFC's authors. Its package.json asks for Node 22, but
// the only newer API it uses is String.prototype.isWellFormed, which Node 20 has.
import canonicalize from "canonicalize";

/**
 * Stable JSON text for hashing: keys sorted by UTF-16 code unit, no whitespace, numbers in
 * ECMAScript form, properties whose value is undefined omitted (as JSON.stringify and the
 * database do). Throws on values JSON cannot carry faithfully: NaN, Infinity, bigint, lone
 * surrogates, cycles, or a top-level value with no JSON form.
 */
export function canonicalEncode(value: unknown): string {
  const text = canonicalize(value);
  if (text === undefined) {
    throw new TypeError(`cannot canonically encode a value of type ${typeof value}`);
  }
  return text;
}

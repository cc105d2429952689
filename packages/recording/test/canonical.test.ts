import canonicalize from "canonicalize";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { canonicalEncode } from "../src/index";

// Strings that exercise escaping and key order: any code point and control characters, and, for
// values JSON cannot carry, UTF-16 halves on their own (which may or may not meet their other half).
const codePoint = fc.oneof(
  { weight: 3, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }) },
);
const surrogateHalf = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
const wellFormedText = fc.string({ unit: codePoint, maxLength: 12 });
const anyText = fc.string({ unit: fc.oneof({ weight: 6, arbitrary: codePoint }, { weight: 1, arbitrary: surrogateHalf }), maxLength: 12 });
// Keys that look like array indices are enumerated by engines in numeric order, not as written.
const keyOf = (text: fc.Arbitrary<string>) =>
  fc.oneof(text, fc.nat({ max: 20 }).map(String), fc.constantFrom("", "a", "b", "aa", "é", "€", "\u0080", "10", "9", "1e3", "-1"));
const finite = fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer(), fc.constantFrom(-0, 1e21, 1e-7, 5e-324, Number.MAX_SAFE_INTEGER + 2));

const jsonOf = (text: fc.Arbitrary<string>) =>
  fc.letrec((tie) => ({
    value: fc.oneof({ depthSize: "small", withCrossShrink: true }, fc.constant(null), fc.boolean(), finite, text, tie("array"), tie("object")),
    array: fc.array(tie("value"), { maxLength: 5 }),
    object: fc.dictionary(keyOf(text), tie("value"), { maxKeys: 6 }),
  })).value;
const json = jsonOf(wellFormedText);

// Everything JSON.stringify accepts and some of what it refuses: holes, undefined, functions,
// symbols, dates, boxed primitives, non-finite numbers and bigints.
const loose = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    jsonOf(anyText),
    fc.constantFrom(undefined, Number.NaN, Infinity, -Infinity, () => 1, Symbol("s"), 1n),
    fc.date({ noInvalidDate: true }),
    fc.oneof(fc.string().map((s) => new String(s)), finite.map((n) => new Number(n)), fc.boolean().map((b) => new Boolean(b))),
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("value"), { maxLength: 5 }),
  object: fc.dictionary(keyOf(anyText), tie("value"), { maxKeys: 6 }),
})).value;

type Outcome = { text: string | undefined } | { threw: true };

function outcome(encode: (value: unknown) => string | undefined, value: unknown): Outcome {
  try {
    return { text: encode(value) };
  } catch {
    return { threw: true };
  }
}

// The reference answers undefined where canonicalEncode throws: both mean "no JSON text".
const reference = (value: unknown) => {
  const result = outcome(canonicalize, value);
  return "text" in result && result.text === undefined ? { threw: true as const } : result;
};

describe("canonicalEncode", () => {
  it("gives the same text whatever order the keys were written in, at every depth", () => {
    const a = { b: 1, a: { y: [1, { d: true, c: null }], x: "s" } };
    const b = { a: { x: "s", y: [1, { c: null, d: true }] }, b: 1 };
    expect(canonicalEncode(a)).toBe(canonicalEncode(b));
    expect(canonicalEncode(a)).toBe('{"a":{"x":"s","y":[1,{"c":null,"d":true}]},"b":1}');
  });

  it("omits undefined properties like the database would, and keeps array positions as null", () => {
    expect(canonicalEncode({ a: undefined, b: [undefined, 2] })).toBe('{"b":[null,2]}');
  });

  it("writes numbers and strings the RFC 8785 way", () => {
    expect(canonicalEncode([1e21, 0.000001, -0, 1.5, 100])).toBe("[1e+21,0.000001,0,1.5,100]");
    expect(canonicalEncode({ "\u20ac": 1, "\r": 2, a: "é\n" })).toBe('{"\\r":2,"a":"é\\n","€":1}');
  });

  it("sorts keys that look like array indices as text, not as numbers", () => {
    expect(canonicalEncode({ b: 1, 10: 2, 9: 3, "": 4 })).toBe('{"":4,"10":2,"9":3,"b":1}');
  });

  it("encodes dates as ISO strings", () => {
    expect(canonicalEncode({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  });

  it("refuses values JSON cannot carry faithfully", () => {
    expect(() => canonicalEncode(undefined)).toThrow(TypeError);
    expect(() => canonicalEncode({ n: Number.NaN })).toThrow();
    expect(() => canonicalEncode({ n: Infinity })).toThrow();
    expect(() => canonicalEncode({ n: 1n })).toThrow();
    expect(() => canonicalEncode("\ud800")).toThrow();
    expect(() => canonicalEncode({ ["\udc00"]: 1 })).toThrow();
  });

  it("refuses cycles, but not the same object reached twice", () => {
    const cyclic: Record<string, unknown> = { a: 1 };
    cyclic.self = { inner: [cyclic] };
    expect(() => canonicalEncode(cyclic)).toThrow(TypeError);
    const shared = { x: 1 };
    expect(canonicalEncode({ a: shared, b: [shared, shared] })).toBe('{"a":{"x":1},"b":[{"x":1},{"x":1}]}');
  });

  it("encodes deep nesting", () => {
    let deep: unknown = "bottom";
    for (let i = 0; i < 500; i++) deep = i % 2 ? [deep] : { [`k${i}`]: deep };
    expect(canonicalEncode(deep)).toBe(canonicalize(deep));
  });

  it("agrees with the `canonicalize` reference implementation on random JSON", () => {
    fc.assert(
      fc.property(json, (value) => {
        expect(canonicalEncode(value)).toBe(canonicalize(value));
      }),
      { numRuns: 3_000 },
    );
  });

  it("agrees with the reference on what it refuses, for random values beyond plain JSON", () => {
    fc.assert(
      fc.property(loose, (value) => {
        expect(outcome(canonicalEncode, value)).toEqual(reference(value));
      }),
      { numRuns: 3_000 },
    );
  });
});

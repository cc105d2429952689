// The recorder encodes a payload once, in one pass, into the canonical JSON text it hashes and
// stores. These tests hold that text to the two-step definition it replaces: a plain deep copy by
// JSON.stringify's rules plus the storage fixes (below), then RFC 8785 canonical encoding.
import fc from "fast-check";
import { canonicalEncode, type JsonValue } from "@airlock/recording";
import { describe, expect, it } from "vitest";
import { storableJsonText, storableString } from "../src/recorder/storable-json";

/** The deep copy the recorder used to make before hashing: the reference for storableJsonText. */
function referenceCopy(value: unknown, ancestors = new Set<object>()): JsonValue | undefined {
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
  if (typeof object.toJSON === "function") return referenceCopy((object.toJSON as () => unknown).call(object), ancestors);
  if (ancestors.has(object)) throw new TypeError("payload contains a circular reference");
  ancestors.add(object);
  try {
    if (Array.isArray(object)) return object.map((item) => referenceCopy(item, ancestors) ?? null);
    const out: Record<string, JsonValue> = {};
    for (const [key, item] of Object.entries(object)) {
      const converted = referenceCopy(item, ancestors);
      // defineProperty, not assignment: an own "__proto__" key is data (JSON.stringify keeps it), and
      // assigning it would set the copy's prototype instead.
      if (converted !== undefined) Object.defineProperty(out, storableString(key), { value: converted, enumerable: true, writable: true, configurable: true });
    }
    return out;
  } finally {
    ancestors.delete(object);
  }
}

const reference = (value: unknown) => canonicalEncode(referenceCopy(value) ?? null);

const codePoint = fc.oneof(
  { weight: 4, arbitrary: fc.string({ unit: "binary", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.string({ unit: "binary-ascii", minLength: 1, maxLength: 1 }) },
  { weight: 1, arbitrary: fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code)) },
  { weight: 1, arbitrary: fc.constant("\u0000") },
);
const text = fc.string({ unit: codePoint, maxLength: 10 });
// Keys that become equal once made storable ("a\u0000" and "a\ud800" are both "a\ufffd").
const key = fc.oneof(text, fc.nat({ max: 12 }).map(String), fc.constantFrom("a", "a\u0000", "a\ud800", "a\ufffd", "b", "10", "9"));
const payload = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(null, true, false, undefined, Number.NaN, Infinity, -0, () => 1, Symbol("s")),
    fc.double(),
    fc.integer(),
    fc.bigInt(),
    text,
    fc.date(),
    tie("array"),
    tie("object"),
  ),
  array: fc.array(tie("value"), { maxLength: 4 }),
  object: fc.dictionary(key, tie("value"), { maxKeys: 5 }),
})).value;

describe("storableJsonText", () => {
  it("equals the canonical encoding of the storable copy, for random payloads", () => {
    fc.assert(
      fc.property(payload, (value) => {
        expect(storableJsonText(value)).toBe(reference(value));
      }),
      { numRuns: 3_000 },
    );
  });

  it("makes text PostgreSQL can store and the chain can hash", () => {
    const value = { text: "nul\u0000 and lone \ud800 surrogate", ["key\u0000"]: 1, big: 10n ** 20n, nan: Number.NaN, gone: undefined, when: new Date(0), list: [undefined, () => 1] };
    expect(storableJsonText(value)).toBe(
      '{"big":"100000000000000000000","key\ufffd":1,"list":[null,null],"nan":null,"text":"nul\ufffd and lone \ufffd surrogate","when":"1970-01-01T00:00:00.000Z"}',
    );
    expect(storableJsonText(undefined)).toBe("null");
  });

  it("refuses a cycle with a TypeError, but not the same object reached twice", () => {
    const cyclic: Record<string, unknown> = { note: "refers to itself" };
    cyclic.self = [cyclic];
    expect(() => storableJsonText(cyclic)).toThrow(TypeError);
    const shared = { x: 1 };
    expect(storableJsonText({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
  });
});

import { describe, expect, it } from "vitest";
import { canonicalEncode } from "../src/index";

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

  it("encodes dates as ISO strings", () => {
    expect(canonicalEncode({ at: new Date(0) })).toBe('{"at":"1970-01-01T00:00:00.000Z"}');
  });

  it("refuses values JSON cannot carry faithfully", () => {
    expect(() => canonicalEncode(undefined)).toThrow(TypeError);
    expect(() => canonicalEncode({ n: Number.NaN })).toThrow();
    expect(() => canonicalEncode({ n: Infinity })).toThrow();
    expect(() => canonicalEncode({ n: 1n })).toThrow();
    expect(() => canonicalEncode("\ud800")).toThrow();
  });
});

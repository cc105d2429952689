import { describe, expect, it } from "vitest";
import { UserRegexError } from "../errors";
import { SCAN_WINDOW, forEachCandidate } from "../scan/forEachCandidate";
import { USER_REGEX_LIMITS, compileUserRegex } from "./compileUserRegex";

function refusal(pattern: string, flags = ""): UserRegexError {
  try {
    compileUserRegex(pattern, flags);
  } catch (error) {
    if (error instanceof UserRegexError) return error;
    throw error;
  }
  throw new Error(`/${pattern}/${flags} was accepted`);
}

describe("compileUserRegex refuses", () => {
  it("invalid syntax, with the engine's explanation", () => {
    const error = refusal("(unclosed");
    expect(error.problem).toBe("syntax");
    expect(error.message).toMatch(/Unterminated group/);
    expect(refusal("[z-a]").problem).toBe("syntax");
  });

  it("empty patterns and patterns over 512 characters", () => {
    expect(refusal("").problem).toBe("empty");
    const error = refusal("a".repeat(513));
    expect(error.problem).toBe("too_long");
    expect(error.message).toBe("pattern is 513 characters long; the limit is 512");
    expect(() => compileUserRegex("a".repeat(512))).not.toThrow();
  });

  it("flags other than i m s u v, repeated flags, and u with v", () => {
    expect(refusal("a", "g").message).toBe("flag 'g' is not allowed; use only i, m, s, u or v");
    expect(refusal("a", "y").problem).toBe("bad_flags");
    expect(refusal("a", "ii").message).toBe("flag 'i' is given twice");
    expect(refusal("a", "uv").problem).toBe("bad_flags");
  });

  it("patterns that can match the empty string", () => {
    for (const pattern of ["a*", "(?:)", "\\b", "x?|y"]) {
      expect(refusal(pattern).problem).toBe("matches_empty");
    }
  });

  it.each([
    ["(a+)+$", "nested open-ended repeats"],
    ["(\\w+\\s?)+$", "classic word-list ReDoS"],
    ["(x+x+)+y", "repeats trading characters inside a repeat"],
    ["\\d+\\d+x", "two repeats of the same characters in a row"],
    ["(a|a)*b", "identical alternatives in a repeat"],
    ["(a|ab)+c", "alternatives sharing a first character in a repeat"],
    ["(?:a{1,99}){1,99}b", "nested bounded repeats"],
    ["(a?){25}a{25}", "optional items under a fixed repeat"],
    ["(.*a){12}", "polynomial of degree 12"],
  ])("%s (%s) as a catastrophic-backtracking risk", (pattern) => {
    const error = refusal(pattern);
    expect(error.problem).toBe("catastrophic_backtracking");
    expect(error.message).toMatch(/backtrack/);
  });

  it("quoting the user's own pattern in the explanation", () => {
    expect(refusal("(?:[a-z]{1,5}){2,9}x").message).toContain("'[a-z]{1,5}' is repeated inside '(?:[a-z]{1,5}){2,9}'");
  });

  it("patterns that can reach further than the limit even with open repeats capped", () => {
    const error = refusal("\\w+-\\w+-\\w+-\\w+-\\w+-\\w+-\\w+-\\w+-\\w+");
    expect(error.problem).toBe("too_wide");
    expect(error.message).toMatch(/limit is 2048/);
  });
});

describe("compileUserRegex accepts", () => {
  it.each([
    "ACME-\\d+",
    "\\b\\d{3}-\\d{2}-\\d{4}\\b",
    "(\\d{1,3}\\.){3}\\d{1,3}",
    "password\\s*[:=]\\s*\\S+",
    "(?<=token: )[A-Za-z0-9]{20,40}",
    "\"(?:[^\"\\\\]|\\\\.)*\"",
    "ignore (?:all )?previous instructions",
    "\\p{Lu}{2}\\d{6}",
  ])("%s", (pattern) => {
    const flags = pattern.includes("\\p") ? "u" : "i";
    expect(() => compileUserRegex(pattern, flags)).not.toThrow();
  });

  it("matches case-insensitively with i and reports spans", () => {
    const regex = compileUserRegex("secret\\s+\\w+", "i");
    expect(regex.display).toBe("/secret\\s+\\w+/i");
    expect(regex.test("nothing to see")).toBe(false);
    expect(regex.firstMatch("my SECRET   plan")).toEqual({ start: 3, end: 16 });
    expect(regex.matches("secret a, secret b")).toEqual([
      { start: 0, end: 8 },
      { start: 10, end: 18 },
    ]);
  });

  it("caps open-ended repeats, so a long run is matched in pieces", () => {
    const regex = compileUserRegex("x+");
    const cap = USER_REGEX_LIMITS.openRepeatCap;
    expect(regex.matches("x".repeat(cap * 2 + 5)).map((m) => m.end - m.start)).toEqual([cap, cap, 5]);
  });

  it("scans long text in bounded windows with exactly the matches a single pass finds", () => {
    const regex = compileUserRegex("(?<=id=)\\d{2,8}(?=;)");
    const unit = "x id=12345678; y id=42; z id=7; ";
    let text = "";
    while (text.length < SCAN_WINDOW * 3) text += unit;
    const windowed: number[] = [];
    forEachCandidate(regex.scanner, text, 0, text.length, (s) => void windowed.push(s));
    const single: number[] = [];
    forEachCandidate({ ...regex.scanner, windowed: false }, text, 0, text.length, (s) => void single.push(s));
    expect(windowed.length).toBeGreaterThan(1000);
    expect(windowed).toEqual(single);
  });
});

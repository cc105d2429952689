// Marking what a policy matched: a held request's highlight ranges, and the text split around them.
import { describe, expect, it } from "vitest";
import { highlightsOf, statementHighlights } from "@/components/approvals/held-highlights";
import { segment } from "@/components/ui/highlight-ranges";

const rejoin = (segments: { text: string }[]) => segments.map((s) => s.text).join("");
const marked = (segments: { text: string; marked: boolean }[]) => segments.filter((s) => s.marked).map((s) => s.text);

describe("segment", () => {
  it("splits around each range and marks only the matched stretches", () => {
    const segments = segment("send the wire transfer today", [{ start: 9, end: 22 }]);
    expect(segments).toEqual([
      { text: "send the ", marked: false },
      { text: "wire transfer", marked: true },
      { text: " today", marked: false },
    ]);
  });

  it("returns the whole text unmarked when nothing matched, and nothing for empty text", () => {
    expect(segment("plain", [])).toEqual([{ text: "plain", marked: false }]);
    expect(segment("", [{ start: 0, end: 3 }])).toEqual([]);
  });

  it("merges overlapping and touching ranges, in whatever order they come", () => {
    const segments = segment("abcdefghij", [
      { start: 5, end: 8 },
      { start: 1, end: 3 },
      { start: 2, end: 5 },
    ]);
    expect(marked(segments)).toEqual(["bcdefgh"]);
    expect(rejoin(segments)).toBe("abcdefghij");
  });

  it("clamps ranges that run past the text (a message cut for display)", () => {
    const segments = segment("short", [{ start: 3, end: 40 }, { start: -5, end: 1 }]);
    expect(segments).toEqual([
      { text: "s", marked: true },
      { text: "ho", marked: false },
      { text: "rt", marked: true },
    ]);
  });

  it("ignores empty and inverted ranges", () => {
    expect(segment("text", [{ start: 2, end: 2 }, { start: 3, end: 1 }])).toEqual([{ text: "text", marked: false }]);
  });

  it("always gives back the original text when the pieces are joined", () => {
    const text = "Contact jane.doe@example.com or +44 20 7946 0958";
    const ranges = [{ start: 8, end: 28 }, { start: 32, end: 48 }, { start: 30, end: 33 }];
    expect(rejoin(segment(text, ranges))).toBe(text);
  });
});

describe("highlightsOf", () => {
  it("reads well-formed ranges and defaults the text index to the first text", () => {
    expect(highlightsOf([{ start: 1, end: 4, textIndex: 2 }, { start: 0, end: 3 }])).toEqual([
      { start: 1, end: 4, textIndex: 2 },
      { start: 0, end: 3, textIndex: 0 },
    ]);
  });

  it("skips anything malformed instead of failing on it", () => {
    expect(highlightsOf([null, "x", [1, 2], { start: "1", end: 2 }, { start: 1 }, { start: 5, end: 9, textIndex: "1" }])).toEqual([{ start: 5, end: 9, textIndex: 0 }]);
    expect(highlightsOf(null)).toEqual([]);
    expect(highlightsOf({ start: 1, end: 2 })).toEqual([]);
  });
});

describe("statementHighlights", () => {
  it("keeps what matched the statement's text and its statement class, both on the statement", () => {
    const text = { start: 7, end: 14, textIndex: 0 };
    const statementClass = { start: 0, end: 30, textIndex: -1 };
    expect(statementHighlights([statementClass, text, { start: 1, end: 2, textIndex: 1 }])).toEqual([statementClass, text]);
  });
});

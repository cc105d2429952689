import { describe, expect, it } from "vitest";
import { parseRoute } from "./route";

describe("parseRoute", () => {
  it("splits connection, rest and query", () => {
    expect(parseRoute("/c/openai-prod/v1/chat/completions?x=1")).toEqual({ connectionName: "openai-prod", rest: "v1/chat/completions", search: "?x=1" });
    expect(parseRoute("/c/rest")).toEqual({ connectionName: "rest", rest: "", search: "" });
  });
  it("refuses paths outside /c/ and dot segments", () => {
    expect(() => parseRoute("/v1/chat/completions")).toThrow(/\/c\/<connection>/);
    expect(() => parseRoute("/c/x/a/../../admin")).toThrow(/Dot segments/);
    expect(() => parseRoute("/c/x/%2E%2e/admin")).toThrow(/Dot segments/);
  });
});

// Session filters live in the page URL so a search can be bookmarked, shared and reloaded.
import { describe, expect, it } from "vitest";
import type { SessionFilters } from "@/hooks/use-sessions";
import { filtersFromSearch, searchFromFilters } from "@/components/sessions/session-filters-url";
import { isoToLocalInput, localInputToIso } from "@/components/ui/datetime-local";

describe("filtersFromSearch", () => {
  it("reads every filter the URL carries", () => {
    const params = new URLSearchParams("connectionId=c1&identityId=u1&from=2024-05-01T00:00:00.000Z&to=2024-05-02T00:00:00.000Z&status=active&hasBlock=true&hasApproval=true&q=refund");
    expect(filtersFromSearch(params)).toEqual({
      connectionId: "c1",
      identityId: "u1",
      from: "2024-05-01T00:00:00.000Z",
      to: "2024-05-02T00:00:00.000Z",
      status: "active",
      hasBlock: "true",
      hasApproval: "true",
      q: "refund",
    });
  });

  it("drops values the API would refuse, empty values and unknown parameters", () => {
    const params = new URLSearchParams("status=deleted&hasBlock=yes&hasApproval=false&q=&utm_source=mail&connectionId=c2");
    expect(filtersFromSearch(params)).toEqual({ connectionId: "c2" });
  });

  it("gives no filters for an empty query string", () => {
    expect(filtersFromSearch(new URLSearchParams(""))).toEqual({});
  });
});

describe("searchFromFilters", () => {
  it("writes nothing for no filters, so the page URL stays clean", () => {
    expect(searchFromFilters({})).toBe("");
    expect(searchFromFilters({ q: undefined, status: undefined })).toBe("");
  });

  it("writes the filters in a fixed order, whatever order they were set in", () => {
    const a: SessionFilters = { q: "refund", connectionId: "c1", hasBlock: "true" };
    const b: SessionFilters = { hasBlock: "true", connectionId: "c1", q: "refund" };
    expect(searchFromFilters(a)).toBe("?connectionId=c1&hasBlock=true&q=refund");
    expect(searchFromFilters(b)).toBe(searchFromFilters(a));
  });

  it("escapes search text and round-trips through the URL unchanged", () => {
    const filters: SessionFilters = { q: '"wire transfer" -test & more', status: "closed", from: "2024-05-01T08:00:00.000Z" };
    const search = searchFromFilters(filters);
    expect(search.startsWith("?")).toBe(true);
    expect(filtersFromSearch(new URLSearchParams(search.slice(1)))).toEqual(filters);
  });
});

describe("datetime-local conversion", () => {
  it("turns a local wall-clock time into an instant and back, in any time zone", () => {
    const iso = localInputToIso("2024-05-01T09:30");
    expect(iso).toMatch(/^2024-05-0[12]T\d\d:\d\d:00\.000Z$/);
    expect(isoToLocalInput(iso)).toBe("2024-05-01T09:30");
  });

  it("treats empty and unparseable input as no bound", () => {
    expect(localInputToIso("")).toBeUndefined();
    expect(localInputToIso("not a date")).toBeUndefined();
    expect(isoToLocalInput(undefined)).toBe("");
    expect(isoToLocalInput("garbage")).toBe("");
  });
});

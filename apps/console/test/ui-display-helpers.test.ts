// Small formatting helpers behind the dashboard, the connection cards, the navigation and times.
import { describe, expect, it } from "vitest";
import type { StatsPoint } from "@/hooks/use-stats";
import { clientBaseUrl } from "@/components/connections/labels";
import { pivot, totalsPerBucket } from "@/components/dashboard/pivot";
import { isActive } from "@/components/shell/nav-items";
import { formatClock, formatRelative } from "@/components/ui/time";

function point(bucket: string, connection: string, requests: number, extra: Partial<StatsPoint> = {}): StatsPoint {
  return {
    bucket, connection, requests, blocks: 0, approvals: 0, errors: 0, avgLatencyMs: null, p95LatencyMs: null, inputTokens: 0, outputTokens: 0, ...extra,
  } as StatsPoint;
}

describe("pivot", () => {
  it("gives one row per bucket, in time order, with a column per connection", () => {
    const { rows, connections } = pivot([point("2024-05-01T11:00:00Z", "b", 2), point("2024-05-01T10:00:00Z", "a", 5), point("2024-05-01T11:00:00Z", "a", 7)], "requests");
    expect(connections).toEqual(["a", "b"]);
    expect(rows).toEqual([
      { bucket: "2024-05-01T10:00:00Z", a: 5 },
      { bucket: "2024-05-01T11:00:00Z", a: 7, b: 2 },
    ]);
  });

  it("accepts a derived metric", () => {
    const { rows } = pivot([point("t1", "a", 1, { inputTokens: 10, outputTokens: 5 })], (p) => p.inputTokens + p.outputTokens);
    expect(rows).toEqual([{ bucket: "t1", a: 15 }]);
  });
});

describe("totalsPerBucket", () => {
  it("sums each metric over the connections of a bucket, zero where nothing happened", () => {
    const rows = totalsPerBucket([point("t1", "a", 1, { blocks: 2 }), point("t1", "b", 1, { blocks: 1, errors: 4 }), point("t2", "a", 1)], ["blocks", "errors"]);
    expect(rows).toEqual([
      { bucket: "t1", blocks: 3, errors: 4 },
      { bucket: "t2", blocks: 0, errors: 0 },
    ]);
  });
});

describe("clientBaseUrl", () => {
  it("adds /v1 for the LLM APIs, whose SDKs expect it in the base URL", () => {
    expect(clientBaseUrl("http://gw:8080/", { name: "openai-prod", kind: "openai" })).toBe("http://gw:8080/c/openai-prod/v1");
    expect(clientBaseUrl("http://gw:8080", { name: "claude", kind: "anthropic" })).toBe("http://gw:8080/c/claude/v1");
  });

  it("uses the bare connection path for REST and PostgreSQL", () => {
    expect(clientBaseUrl("http://gw:8080", { name: "crm", kind: "http" })).toBe("http://gw:8080/c/crm");
    expect(clientBaseUrl("http://gw:8080", { name: "db", kind: "postgres" })).toBe("http://gw:8080/c/db");
  });
});

describe("isActive", () => {
  it("marks a section active on its page and the pages below it", () => {
    expect(isActive("/sessions", "/sessions")).toBe(true);
    expect(isActive("/sessions", "/sessions/abc")).toBe(true);
    expect(isActive("/sessions", "/sessionsx")).toBe(false);
  });

  it("marks the dashboard active only on the home page", () => {
    expect(isActive("/", "/")).toBe(true);
    expect(isActive("/", "/keys")).toBe(false);
  });
});

describe("time formatting", () => {
  const now = Date.parse("2024-05-01T12:00:00Z");

  it("says how long ago or how soon, in the largest whole unit", () => {
    expect(formatRelative("2024-05-01T11:57:00Z", now)).toBe("3 minutes ago");
    expect(formatRelative("2024-05-01T14:00:00Z", now)).toBe("in 2 hours");
    expect(formatRelative("2024-04-30T12:00:00Z", now)).toBe("yesterday");
    expect(formatRelative("2024-05-01T12:00:00Z", now)).toBe("now");
  });

  it("shows timeline offsets as m:ss.t, never negative", () => {
    expect(formatClock(0)).toBe("0:00.0");
    expect(formatClock(61_250)).toBe("1:01.2");
    expect(formatClock(-500)).toBe("0:00.0");
  });
});

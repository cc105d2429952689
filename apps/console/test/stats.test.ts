// Dashboard figures come from recorded events: requests, blocks, approvals, latency, tokens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@/server/env";
import { hashKeyOf } from "@/server/hash-key";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";
import { compactStatements, llmExchange, seedSession, type SeedStatement } from "./support/recording";

let h: Harness;
let reviewer: TestUser;

beforeAll(async () => {
  h = await startHarness();
  reviewer = await createUser(h.db, "reviewer");
});
afterAll(() => h?.close());

describe("GET /stats", () => {
  it("counts per connection and bucket", async () => {
    const key = hashKeyOf(getEnv());
    const at = new Date(Date.now() - 30 * 60_000);
    await seedSession(h.db, key, { connectionName: "openai", startedAt: at, chains: [{ events: llmExchange("a", ["b", "c"]) }, { events: llmExchange("d", ["e"]) }] });
    await seedSession(h.db, key, {
      connectionName: "warehouse",
      startedAt: at,
      chains: [
        {
          events: [
            { type: "sql.statement", payload: { text: "SELECT 1", params: [], command: "SELECT", durationMs: 4, rowCount: 1 } },
            { type: "guardrail.block", payload: { ruleId: "r", direction: "request", reason: "DROP blocked" } },
            { type: "approval.pending", payload: { approvalId: "a", expiresAt: at.toISOString() } },
          ],
        },
      ],
    });
    const res = await call("GET", "/stats?bucket=day", { token: reviewer.token });
    expect(res.status).toBe(200);
    const openai = res.body.series.find((p: { connection: string }) => p.connection === "openai");
    expect(openai).toMatchObject({ requests: 2, blocks: 0, inputTokens: 24, outputTokens: 3, avgLatencyMs: 110 });
    const warehouse = res.body.series.find((p: { connection: string }) => p.connection === "warehouse");
    expect(warehouse).toMatchObject({ requests: 1, blocks: 1, approvals: 1, avgLatencyMs: 4 });
    expect(res.body.totals).toMatchObject({ requests: 3, blocks: 1, approvals: 1, inputTokens: 24, outputTokens: 3 });
  });

  it("counts every statement of compact sql.statements events, and old sql.statement events, at the time each finished", async () => {
    // Two days back, so the default 24-hour range of the test above never sees these.
    const minute0 = Math.floor((Date.now() - 2 * 86_400_000) / 60_000) * 60_000;
    const failed = { code: "42P01", message: 'relation "ledgr" does not exist' };
    const firstFlush: SeedStatement[] = [
      { text: "SELECT * FROM ledger WHERE id = $1", offsetMs: 100, durationMs: 3, rowCount: 1 },
      { text: "SELECT * FROM ledger WHERE id = $1", offsetMs: 2_000, durationMs: 41, rowCount: 1 },
      { text: "SELECT * FROM ledgr", offsetMs: 30_000, durationMs: 2, error: failed },
      { text: "UPDATE ledger SET note = $1", offsetMs: 59_950, durationMs: 12, rowCount: 3 },
    ];
    // Flushed in the next minute, but its first statement finished in the first one.
    const secondFlush: SeedStatement[] = [
      { text: "SELECT * FROM ledger WHERE id = $1", offsetMs: 59_990, durationMs: 7, rowCount: 1 },
      { text: "SELECT count(*) FROM ledger", offsetMs: 60_100, durationMs: 250, rowCount: 1 },
    ];
    const legacy = { text: "DELETE FROM ledgr", params: [], command: null, durationMs: 5, rowCount: null, error: failed };
    await seedSession(h.db, hashKeyOf(getEnv()), {
      connectionName: "ledger",
      startedAt: new Date(minute0),
      chains: [
        {
          events: [
            compactStatements(firstFlush, 59_980),
            compactStatements(secondFlush, 60_150),
            { type: "sql.statement", payload: legacy, offsetMs: 60_200 },
          ],
        },
      ],
    });
    const firstMinute = [...firstFlush, secondFlush[0]!];
    const secondMinute = [secondFlush[1]!, { ...legacy, offsetMs: 60_200 }];
    const range = (fromMs: number, toMs: number) =>
      `/stats?bucket=minute&from=${new Date(fromMs).toISOString()}&to=${new Date(toMs).toISOString()}`;

    const both = await call("GET", range(minute0, minute0 + 120_000), { token: reviewer.token });
    expect(both.status).toBe(200);
    expect(both.body.series).toEqual([
      expect.objectContaining({ bucket: new Date(minute0).toISOString(), connection: "ledger", ...figures(firstMinute) }),
      expect.objectContaining({ bucket: new Date(minute0 + 60_000).toISOString(), connection: "ledger", ...figures(secondMinute) }),
    ]);
    expect(both.body.totals).toMatchObject({ requests: 7, errors: 2 });

    // A range ending before the second event was written still counts the statement it carries from inside the range.
    const first = await call("GET", range(minute0, minute0 + 60_000), { token: reviewer.token });
    expect(first.body.series).toEqual([expect.objectContaining({ connection: "ledger", ...figures(firstMinute) })]);
    const second = await call("GET", range(minute0 + 60_000, minute0 + 120_000), { token: reviewer.token });
    expect(second.body.series).toEqual([expect.objectContaining({ connection: "ledger", ...figures(secondMinute) })]);
  });

  it("refuses ranges that would need too many buckets", async () => {
    const res = await call("GET", "/stats?bucket=minute&from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z", { token: reviewer.token });
    expect(res.status).toBe(400);
  });
});

/** What the dashboard should show for these statements: PostgreSQL's percentile_cont (linear interpolation), rounded. */
function figures(statements: { durationMs: number; error?: unknown }[]) {
  const durations = statements.map((s) => s.durationMs).sort((a, b) => a - b);
  const rank = 0.95 * (durations.length - 1);
  const below = durations[Math.floor(rank)]!;
  const above = durations[Math.ceil(rank)]!;
  return {
    requests: statements.length,
    errors: statements.filter((s) => s.error).length,
    avgLatencyMs: Math.round(durations.reduce((n, d) => n + d, 0) / durations.length),
    p95LatencyMs: Math.round(below + (above - below) * (rank - Math.floor(rank))),
  };
}

// Dashboard figures come from recorded events: requests, blocks, approvals, latency, tokens.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { getEnv } from "@/server/env";
import { hashKeyOf } from "@/server/hash-key";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";
import { llmExchange, seedSession } from "./support/recording";

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

  it("refuses ranges that would need too many buckets", async () => {
    const res = await call("GET", "/stats?bucket=minute&from=2025-01-01T00:00:00Z&to=2025-03-01T00:00:00Z", { token: reviewer.token });
    expect(res.status).toBe(400);
  });
});

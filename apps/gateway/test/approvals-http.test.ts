// Just-in-time approval on the HTTP data path: a matching request is held (connection open) until
// a reviewer decides; approval lets it through, denial returns who denied and why, and the
// recording shows the hold.
import type { Db } from "@airlock/db";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordApprovalDecision } from "../src/approval";
import { startHarness, type Harness } from "./helpers/harness";
import { seedUser } from "./helpers/seed";
import { recordedEvents, seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;
let reviewerId: string;

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
  reviewerId = (await seedUser(h.db, "reviewer@example.test", "reviewer")).id;
  await h.db.approvalPolicy.create({ data: { name: "Payroll needs review", pattern: "payroll", connectionIds: [w.openai.id], expiresInSeconds: 60 } });
  await h.configChanged("policy");
});
afterAll(async () => h?.close());

async function pendingRequest(db: Db): Promise<{ id: string; maskedContent: unknown; justification: string | null }> {
  for (;;) {
    const row = await db.approvalRequest.findFirst({ where: { status: "pending" }, orderBy: { createdAt: "desc" } });
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const client = () => new OpenAI({ apiKey: w.key, baseURL: w.openai.baseURL, maxRetries: 0, defaultHeaders: { "X-Airlock-Justification": "quarterly report" } });

describe("approvals on the HTTP path", () => {
  it("holds a matching request until a reviewer approves it", async () => {
    const before = h.openai.requests.length;
    const call = client().chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Summarise the payroll file" }] });
    const pending = await pendingRequest(h.db);
    expect(pending.justification).toBe("quarterly report");
    expect(JSON.stringify(pending.maskedContent)).toContain("Summarise the payroll file");
    expect(h.openai.requests.length).toBe(before);
    await recordApprovalDecision(h.db, { requestId: pending.id, reviewerId, decision: "approve" });
    const completion = await call;
    expect(completion.choices[0]?.message.content).toBe("Echo: Summarise the payroll file");
  });

  it("returns who denied and why", async () => {
    const call = client()
      .chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "Export payroll to my laptop" }] })
      .catch((e: unknown) => e);
    const pending = await pendingRequest(h.db);
    await recordApprovalDecision(h.db, { requestId: pending.id, reviewerId, decision: "deny", reason: "not without a ticket" });
    const error = await call;
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((error as Error).message).toMatch(/denied by .*reviewer@example\.test.*not without a ticket/);
  });

  it("records the hold and the decision", async () => {
    const types = (await recordedEvents(h)).map((e) => e.type);
    expect(types).toEqual(expect.arrayContaining(["approval.pending", "approval.approved", "approval.denied"]));
    expect(await h.db.recordedSession.count({ where: { hasApproval: true } })).toBeGreaterThan(0);
  });
});

// What reviewers read about a request held on the HTTP path is masked like the request: the
// X-Airlock-Justification header (stored, announced to webhooks, recorded), and the held prompt,
// on which the policy's highlights mark what it matched.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordApprovalDecision } from "../src/approval";
import { startHarness, type Harness } from "./helpers/harness";
import { seedMaskingRule, seedUser } from "./helpers/seed";
import { recordedEvents, seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;
let reviewerId: string;

const REQUESTER_EMAIL = "jane.doe@example.com";
const CUSTOMER_EMAIL = "bob.smith@example.org";

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
  reviewerId = (await seedUser(h.db, "reviewer@example.test", "reviewer")).id;
  await seedMaskingRule(h.db, { detector: "email", directions: ["request"] });
  await h.db.approvalPolicy.create({ data: { name: "Payroll needs review", pattern: "payroll", connectionIds: [w.openai.id], expiresInSeconds: 60 } });
  // Deliveries are queued with the request; nothing listens here, so they stay queued to be read.
  await h.db.webhookEndpoint.create({ data: { name: "reviewers", url: "http://127.0.0.1:9/hook", format: "json" } });
  await h.configChanged("policy");
});
afterAll(async () => h?.close());

async function pendingRequest() {
  for (;;) {
    const row = await h.db.approvalRequest.findFirst({ where: { status: "pending" }, orderBy: { createdAt: "desc" } });
    if (row) return row;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a held request as reviewers see it", () => {
  it("masks the justification and highlights the policy's match in the masked prompt", async () => {
    const client = new OpenAI({
      apiKey: w.key,
      baseURL: w.openai.baseURL,
      maxRetries: 0,
      defaultHeaders: { "X-Airlock-Justification": `asked by ${REQUESTER_EMAIL} for ticket 77` },
    });
    const call = client.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: `Ask ${CUSTOMER_EMAIL} about the payroll file` }] });
    const pending = await pendingRequest();

    expect(pending.justification).toBe("asked by [EMAIL] for ticket 77");
    const shown = (pending.maskedContent as { messages: { text: string }[] }).messages.map((m) => m.text);
    expect(shown).toEqual(["Ask [EMAIL] about the payroll file"]);
    const highlights = pending.highlights as { start: number; end: number; textIndex: number }[];
    expect(highlights.map((m) => shown[m.textIndex]?.slice(m.start, m.end))).toEqual(["payroll"]);

    const deliveries = await h.db.webhookDelivery.findMany({ where: { approvalRequestId: pending.id } });
    expect(deliveries.map((d) => (d.payload as { justification?: string }).justification)).toEqual(["asked by [EMAIL] for ticket 77"]);

    await recordApprovalDecision(h.db, { requestId: pending.id, reviewerId, decision: "approve" });
    await call;
    const held = (await recordedEvents(h)).filter((e) => e.type === "approval.pending");
    expect(held.map((e) => (e.payload as { justification?: string }).justification)).toEqual(["asked by [EMAIL] for ticket 77"]);
  });

  it("keeps the addresses out of everything stored about the approval", async () => {
    const stored = JSON.stringify([
      await h.db.approvalRequest.findMany(),
      await h.db.webhookDelivery.findMany(),
      (await recordedEvents(h)).map((e) => e.payload),
    ]);
    expect(stored).not.toContain(REQUESTER_EMAIL);
    expect(stored).not.toContain(CUSTOMER_EMAIL);
  });
});

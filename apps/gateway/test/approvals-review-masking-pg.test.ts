// A statement held on the Postgres path, as reviewers see it: the statement and its justification
// comment masked, and the policy's highlights on the masked statement the inbox shows.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordApprovalDecision } from "../src/approval";
import { startPgWorld, type PgWorld } from "./pg-fixtures";

let w: PgWorld;
let reviewerId: string;

beforeAll(async () => {
  w = await startPgWorld({ rules: "emails-only" });
  reviewerId = (await w.h.db.user.create({ data: { email: "reviewer@airlock.test", role: "reviewer" } })).id;
  await w.h.db.approvalPolicy.create({
    data: { name: "Balance updates", connectionIds: [w.connectionId], sqlClasses: ["update"], pattern: "balance", expiresInSeconds: 60 },
  });
  await w.h.configChanged("policy");
});
afterAll(async () => w?.close());

async function pendingRequest() {
  for (;;) {
    const request = await w.h.db.approvalRequest.findFirst({ where: { status: "pending", connectionId: w.connectionId } });
    if (request) return request;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe("a held statement as reviewers see it", () => {
  it("highlights what the policy matched on the masked statement", async () => {
    const client = new pg.Client(w.clientConfig());
    await client.connect();
    const update = client.query(`/* airlock-justification: agreed with zed.longname@example.com */ UPDATE customers SET notes = 'ask zed.longname@example.com', balance = 250 WHERE id = 3`);
    const request = await pendingRequest();
    expect(request.justification).toBe("agreed with [EMAIL]");

    const shown = (request.maskedContent as { sql: string }).sql;
    expect(shown).toBe("/* airlock-justification: agreed with [EMAIL] */ UPDATE customers SET notes = 'ask [EMAIL]', balance = 250 WHERE id = 3");
    const highlights = request.highlights as { start: number; end: number; textIndex: number }[];
    expect(highlights.map((h) => shown.slice(h.start, h.end))).toEqual(["UPDATE customers SET notes = 'ask [EMAIL]', balance = 250 WHERE id = 3", "balance"]);

    await recordApprovalDecision(w.h.db, { requestId: request.id, reviewerId, decision: "approve" });
    expect((await update).rowCount).toBe(1);
    await client.end();
  });
});

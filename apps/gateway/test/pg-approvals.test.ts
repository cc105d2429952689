// Statements that match an approval policy wait for a reviewer (the real approval gate; decisions
// are written the way the console writes them) and then run, or fail with the reviewer's reason.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { recordApprovalDecision } from "../src/approval";
import { startPgWorld, type PgWorld } from "./pg-fixtures";

let w: PgWorld;
let reviewerId: string;

beforeAll(async () => {
  w = await startPgWorld();
  reviewerId = (await w.h.db.user.create({ data: { email: "reviewer@airlock.test", name: "Rita Reviewer", role: "reviewer" } })).id;
  await w.h.db.approvalPolicy.create({ data: { name: "Updates need a reviewer", connectionIds: [w.connectionId], sqlClasses: ["update"], expiresInSeconds: 60 } });
  await w.h.configChanged("policy");
});
afterAll(async () => w?.close());

async function connect(): Promise<pg.Client> {
  const client = new pg.Client(w.clientConfig());
  client.on("error", () => undefined);
  await client.connect();
  return client;
}

async function pendingRequest(): Promise<{ id: string; maskedContent: unknown; justification: string | null }> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const request = await w.h.db.approvalRequest.findFirst({ where: { status: "pending", connectionId: w.connectionId }, orderBy: { createdAt: "desc" } });
    if (request) return request;
    if (Date.now() > deadline) throw new Error("no pending approval request appeared");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function balanceOf(id: number): Promise<number> {
  const direct = await w.direct();
  try {
    return ((await direct.query("SELECT balance FROM customers WHERE id = $1", [id])).rows[0] as { balance: number }).balance;
  } finally {
    await direct.end();
  }
}

describe("approval", () => {
  it("holds an UPDATE until a reviewer approves, then runs it", async () => {
    const client = await connect();
    let settled = false;
    const update = client.query("/* airlock-justification: refund for ticket 77, agreed with zed@example.com */ UPDATE customers SET balance = 250, notes = 'ask zed@example.com' WHERE id = 3").finally(() => {
      settled = true;
    });
    const request = await pendingRequest();
    expect(settled).toBe(false);
    expect(request.justification).toBe("refund for ticket 77, agreed with [EMAIL]");
    expect(JSON.stringify(request.maskedContent)).toContain("[EMAIL]");
    expect(JSON.stringify(request.maskedContent)).not.toContain("zed@example.com");
    await recordApprovalDecision(w.h.db, { requestId: request.id, reviewerId, decision: "approve" });
    expect((await update).rowCount).toBe(1);
    expect(await balanceOf(3)).toBe(250);
    await client.end();
  });

  it("fails the statement with the reviewer's reason on deny; the session goes on", async () => {
    const client = await connect();
    const update = client.query({ text: "UPDATE customers SET balance = $1 WHERE id = $2", values: [0, 1] }).then(
      () => null,
      (error: pg.DatabaseError) => error,
    );
    const request = await pendingRequest();
    await recordApprovalDecision(w.h.db, { requestId: request.id, reviewerId, decision: "deny", reason: "balances are frozen this week" });
    const error = await update;
    expect(error?.code).toBe("42501");
    expect(error?.message).toMatch(/denied by .*: balances are frozen this week/);
    expect(await balanceOf(1)).toBe(100);
    expect((await client.query("SELECT 1 AS ok")).rows).toEqual([{ ok: 1 }]);
    await client.end();
  });

  it("stops waiting when the client cancels, and the request is abandoned", async () => {
    const client = await connect();
    const update = client.query("UPDATE customers SET balance = 1 WHERE id = 2").then(
      () => null,
      (error: pg.DatabaseError) => error,
    );
    const request = await pendingRequest();
    const canceller = new pg.Client(w.clientConfig());
    (canceller as unknown as { cancel(client: pg.Client, query: unknown): void }).cancel(client, (client as unknown as { activeQuery: unknown }).activeQuery);
    expect((await update)?.code).toBe("57014");
    const deadline = Date.now() + 10_000;
    let status = "pending";
    while (status === "pending" && Date.now() < deadline) {
      status = (await w.h.db.approvalRequest.findUniqueOrThrow({ where: { id: request.id } })).status;
      if (status === "pending") await new Promise((resolve) => setTimeout(resolve, 50));
    }
    expect(status).toBe("abandoned");
    expect(await balanceOf(2)).toBe(100);
    await client.end();
  });

  it("records the hold and the decision on the session's timeline", async () => {
    const types = (await w.events()).map((e) => e.type);
    expect(types).toContain("approval.pending");
    expect(types).toContain("approval.approved");
    expect(types).toContain("approval.denied");
    expect(types).toContain("approval.abandoned");
  });
});

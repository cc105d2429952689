// Reviewer decisions on held requests: nobody decides their own, decisions are recorded, a grant
// is made for "approve for N minutes", and gateways hear about it through NOTIFY airlock_approvals.
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";

let h: Harness;
let reviewer: TestUser;
let reviewer2: TestUser;
let requester: TestUser;
let auditor: TestUser;
let connectionId: string;
let listener: pg.Client;
const notices: { id: string; status: string }[] = [];

beforeAll(async () => {
  h = await startHarness();
  reviewer = await createUser(h.db, "reviewer");
  reviewer2 = await createUser(h.db, "reviewer");
  requester = await createUser(h.db, "reviewer");
  auditor = await createUser(h.db, "auditor");
  connectionId = (await h.db.connection.create({ data: { name: "openai", kind: "openai", upstreamUrl: "https://api.openai.com" } })).id;
  listener = new pg.Client({ connectionString: h.env.DATABASE_URL });
  await listener.connect();
  listener.on("notification", (n) => notices.push(JSON.parse(n.payload ?? "{}")));
  await listener.query("LISTEN airlock_approvals");
});
afterAll(async () => {
  await listener?.end();
  await h?.close();
});

async function held(options: { requesterId?: string; policyId?: string; expiresInMs?: number } = {}) {
  return h.db.approvalRequest.create({
    data: {
      connectionId,
      requesterKind: "user",
      requesterId: options.requesterId ?? requester.id,
      requesterLabel: "requester",
      fingerprint: Math.random().toString(36),
      kind: "llm",
      justification: "monthly report",
      maskedContent: { messages: [{ role: "user", text: "Summarise [EMAIL]'s invoices" }] },
      expiresAt: new Date(Date.now() + (options.expiresInMs ?? 300_000)),
      ...(options.policyId ? { policyId: options.policyId } : {}),
    },
  });
}

describe("approve", () => {
  it("records the decision, marks the request approved and notifies gateways", async () => {
    const req = await held();
    const res = await call("POST", `/approvals/${req.id}/approve`, { token: reviewer.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ status: "approved", accessGrantId: null });
    expect(res.body.decisions).toEqual([expect.objectContaining({ reviewerId: reviewer.id, reviewerLabel: reviewer.email, decision: "approve" })]);
    const row = await h.db.approvalRequest.findUniqueOrThrow({ where: { id: req.id } });
    expect(row.decidedAt).not.toBeNull();
    await expect.poll(() => notices.find((n) => n.id === req.id)).toEqual({ id: req.id, status: "approved" });
  });

  it("with grantMinutes opens an access grant for the requester on that connection", async () => {
    const req = await held();
    const res = await call("POST", `/approvals/${req.id}/approve`, { token: reviewer.token, body: { grantMinutes: 30 } });
    expect(res.status).toBe(200);
    const grant = await h.db.accessGrant.findUniqueOrThrow({ where: { id: res.body.accessGrantId } });
    expect(grant).toMatchObject({ identityKind: "user", identityId: requester.id, connectionId, grantedById: reviewer.id, approvalRequestId: req.id });
    expect(Math.round((grant.expiresAt.getTime() - Date.now()) / 60_000)).toBe(30);
    const grants = await call("GET", "/grants", { token: auditor.token });
    expect(grants.body.data.map((g: { id: string }) => g.id)).toContain(grant.id);
    const revoked = await call("POST", `/grants/${grant.id}/revoke`, { token: reviewer.token });
    expect(revoked.body).toMatchObject({ active: false, revokedById: reviewer.id });
  });

  it("is refused to the requester themselves", async () => {
    const req = await held({ requesterId: reviewer.id });
    const res = await call("POST", `/approvals/${req.id}/approve`, { token: reviewer.token });
    expect(res.status).toBe(403);
    expect(res.body.error.message).toMatch(/your own request/);
    expect(await h.db.approvalDecision.count({ where: { requestId: req.id } })).toBe(0);
    expect((await h.db.approvalRequest.findUniqueOrThrow({ where: { id: req.id } })).status).toBe("pending");
  });

  it("is refused for a request already decided or expired, and to auditors and the bootstrap token", async () => {
    const req = await held();
    await call("POST", `/approvals/${req.id}/deny`, { token: reviewer.token, body: { reason: "no" } });
    expect((await call("POST", `/approvals/${req.id}/approve`, { token: reviewer2.token })).status).toBe(409);
    const expired = await held({ expiresInMs: -1000 });
    expect((await call("POST", `/approvals/${expired.id}/approve`, { token: reviewer.token })).status).toBe(409);
    const fresh = await held();
    expect((await call("POST", `/approvals/${fresh.id}/approve`, { token: auditor.token })).status).toBe(403);
    expect((await call("POST", `/approvals/${fresh.id}/approve`, { token: h.env.AIRLOCK_BOOTSTRAP_TOKEN })).status).toBe(403);
  });

  it("follows the policy: its approver roles, and how many approvals it needs", async () => {
    const policy = await h.db.approvalPolicy.create({ data: { name: "two-person", approverRoles: ["reviewer"], approvalsRequired: 2 } });
    const req = await held({ policyId: policy.id });
    const first = await call("POST", `/approvals/${req.id}/approve`, { token: reviewer.token });
    expect(first.body.status).toBe("pending");
    expect((await call("POST", `/approvals/${req.id}/approve`, { token: reviewer.token })).status).toBe(409);
    const second = await call("POST", `/approvals/${req.id}/approve`, { token: reviewer2.token });
    expect(second.body.status).toBe("approved");

    const adminsOnly = await h.db.approvalPolicy.create({ data: { name: "admins", approverRoles: ["admin"] } });
    const req2 = await held({ policyId: adminsOnly.id });
    expect((await call("POST", `/approvals/${req2.id}/approve`, { token: reviewer.token })).status).toBe(403);
    const named = await h.db.approvalPolicy.create({ data: { name: "named", approverRoles: ["admin"], approverUserIds: [reviewer2.id] } });
    const req3 = await held({ policyId: named.id });
    expect((await call("POST", `/approvals/${req3.id}/approve`, { token: reviewer2.token })).body.status).toBe("approved");
  });
});

describe("deny", () => {
  it("needs a reason, which is stored and shown", async () => {
    const req = await held();
    expect((await call("POST", `/approvals/${req.id}/deny`, { token: reviewer.token, body: { reason: "  " } })).status).toBe(400);
    const res = await call("POST", `/approvals/${req.id}/deny`, { token: reviewer.token, body: { reason: "not during the freeze" } });
    expect(res.body.status).toBe("denied");
    expect(res.body.decisions[0]).toMatchObject({ decision: "deny", reason: "not during the freeze" });
    await expect.poll(() => notices.find((n) => n.id === req.id)).toEqual({ id: req.id, status: "denied" });
  });
});

describe("listing", () => {
  it("filters by status and shows the masked content", async () => {
    const req = await held();
    const res = await call("GET", "/approvals?status=pending", { token: auditor.token });
    expect(res.body.data.every((a: { status: string }) => a.status === "pending")).toBe(true);
    const mine = res.body.data.find((a: { id: string }) => a.id === req.id);
    expect(mine).toMatchObject({ connectionName: "openai", justification: "monthly report", maskedContent: { messages: [{ text: "Summarise [EMAIL]'s invoices" }] } });
  });
});

// Every mutating action writes an AuditEvent (actor, action, target, before/after) and no secret
// ever reaches the audit log.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { redact } from "@/server/api/redact";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";

let h: Harness;
let admin: TestUser;
const CREDENTIAL = "sk-AUDIT-CANARY-credential-1234";
const PASSWORD = "AUDIT-CANARY-password-5678";

beforeAll(async () => {
  h = await startHarness();
  admin = await createUser(h.db, "admin");
});
afterAll(() => h?.close());

async function allAuditText(): Promise<string> {
  const rows = await h.db.$queryRaw<{ t: string }[]>`SELECT string_agg(row_to_json(a)::text, '\n') AS t FROM "AuditEvent" a`;
  return rows[0]?.t ?? "";
}

describe("audit log", () => {
  it("records who changed what, with before and after", async () => {
    const conn = await call("POST", "/connections", { token: admin.token, body: { name: "audited", kind: "openai", upstreamUrl: "https://api.openai.com" } });
    await call("PATCH", `/connections/${conn.body.id}`, { token: admin.token, body: { enabled: false }, headers: { "x-forwarded-for": "203.0.113.9, 10.0.0.1" } });
    const rows = await h.db.auditEvent.findMany({ where: { targetId: conn.body.id }, orderBy: { id: "asc" } });
    expect(rows.map((r) => r.action)).toEqual(["connection.create", "connection.update"]);
    expect(rows[1]).toMatchObject({ actorKind: "user", actorId: admin.id, actorLabel: admin.email, targetType: "connection", ip: "203.0.113.9" });
    expect((rows[1]?.before as { enabled: boolean }).enabled).toBe(true);
    expect((rows[1]?.after as { enabled: boolean }).enabled).toBe(false);
  });

  it("never holds credentials, passwords, keys or tokens", async () => {
    const conn = await call("POST", "/connections", { token: admin.token, body: { name: "secretive", kind: "openai", upstreamUrl: "https://api.openai.com", credential: CREDENTIAL } });
    await call("PATCH", `/connections/${conn.body.id}`, { token: admin.token, body: { credential: `${CREDENTIAL}-2` } });
    const key = await call("POST", "/keys", { token: admin.token, body: { name: "k" } });
    const token = await call("POST", "/tokens", { token: admin.token, body: { name: "t" } });
    const user = await call("POST", "/users", { token: admin.token, body: { email: "new@example.test", role: "reviewer", password: PASSWORD } });
    const generated = await call("POST", "/users", { token: admin.token, body: { email: "gen@example.test" } });
    await call("PATCH", `/users/${user.body.id}`, { token: admin.token, body: { password: `${PASSWORD}-2` } });
    await call("POST", "/webhooks", { token: admin.token, body: { name: "slack", url: "https://hooks.slack.com/services/T000/B000/AUDITCANARYWEBHOOK", format: "slack" } });
    expect(generated.body.password).toBeTruthy();

    const text = await allAuditText();
    for (const secret of [CREDENTIAL, PASSWORD, key.body.key, token.body.token, generated.body.password, "AUDITCANARYWEBHOOK"]) {
      expect(text).not.toContain(secret);
    }
    const update = await h.db.auditEvent.findFirstOrThrow({ where: { action: "connection.update", targetId: conn.body.id } });
    expect(update.after).toMatchObject({ credentialChanged: true, credentialHint: "…34-2" });
    const pw = await h.db.auditEvent.findFirstOrThrow({ where: { action: "user.update", targetId: user.body.id } });
    expect(pw.after).toMatchObject({ passwordChanged: true });
  });

  it("redacts secret fields by name wherever they appear", () => {
    expect(redact({ name: "x", credential: "s", nested: [{ tokenHash: "h", keep: 1 }], bytes: new Uint8Array([1]) })).toEqual({
      name: "x",
      credential: "[redacted]",
      nested: [{ tokenHash: "[redacted]", keep: 1 }],
      bytes: "[redacted]",
    });
  });

  it("is filterable by action prefix, target and actor, newest first", async () => {
    const res = await call("GET", `/audit-events?action=connection.&actorId=${admin.id}`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body.data.length).toBeGreaterThan(0);
    expect(res.body.data.every((e: { action: string }) => e.action.startsWith("connection."))).toBe(true);
    const ids = res.body.data.map((e: { id: string }) => BigInt(e.id));
    expect([...ids].sort((a, b) => (a > b ? -1 : 1))).toEqual(ids);
    const page2 = await call("GET", `/audit-events?limit=1&cursor=${res.body.data[0].id}`, { token: admin.token });
    expect(BigInt(page2.body.data[0].id)).toBeLessThan(BigInt(res.body.data[0].id));
  });

  it("records nothing for a change that was refused", async () => {
    const before = await h.db.auditEvent.count();
    const res = await call("POST", "/connections", { token: admin.token, body: { name: "Bad Name", kind: "openai", upstreamUrl: "https://x.example" } });
    expect(res.status).toBe(400);
    expect(await h.db.auditEvent.count()).toBe(before);
  });
});

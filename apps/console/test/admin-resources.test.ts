// Users, service accounts, webhooks and settings: the smaller admin resources.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInLocal } from "@/server/auth/local-sign-in";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";

let h: Harness;
let admin: TestUser;

beforeAll(async () => {
  h = await startHarness();
  admin = await createUser(h.db, "admin");
});
afterAll(() => h?.close());

describe("users", () => {
  it("are created with a generated password shown once, and can sign in with it", async () => {
    const res = await call("POST", "/users", { token: admin.token, body: { email: "Rev@Example.test", role: "reviewer" } });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ email: "rev@example.test", role: "reviewer", hasPassword: true });
    expect(await signInLocal(h.db, "rev@example.test", res.body.password)).toMatchObject({ role: "reviewer" });
    const again = await call("GET", `/users/${res.body.id}`, { token: admin.token });
    expect(again.body).not.toHaveProperty("password");
    expect((await call("POST", "/users", { token: admin.token, body: { email: "rev@example.test" } })).status).toBe(409);
    expect((await call("POST", "/users", { token: admin.token, body: { email: "weak@example.test", password: "short" } })).status).toBe(400);
  });

  it("an admin cannot lock themselves out", async () => {
    expect((await call("PATCH", `/users/${admin.id}`, { token: admin.token, body: { role: "member" } })).status).toBe(400);
    expect((await call("PATCH", `/users/${admin.id}`, { token: admin.token, body: { disabled: true } })).status).toBe(400);
  });

  it("disabling a user cuts their tokens off at once", async () => {
    const member = await createUser(h.db, "member");
    expect((await call("GET", "/me", { token: member.token })).status).toBe(200);
    expect((await call("PATCH", `/users/${member.id}`, { token: admin.token, body: { disabled: true } })).body.disabled).toBe(true);
    expect((await call("GET", "/me", { token: member.token })).status).toBe(401);
  });
});

describe("service accounts", () => {
  it("are created, renamed, disabled and deleted with their keys", async () => {
    const sa = await call("POST", "/service-accounts", { token: admin.token, body: { name: "billing-agent", oidcSubject: "client-billing" } });
    expect(sa.status).toBe(201);
    expect((await call("POST", "/service-accounts", { token: admin.token, body: { name: "billing-agent" } })).status).toBe(409);
    expect((await call("POST", "/service-accounts", { token: admin.token, body: { name: "Bad Name" } })).status).toBe(400);
    const key = await call("POST", "/keys", { token: admin.token, body: { name: "k", serviceAccountId: sa.body.id } });
    const patched = await call("PATCH", `/service-accounts/${sa.body.id}`, { token: admin.token, body: { disabled: true, description: "nightly billing" } });
    expect(patched.body).toMatchObject({ disabled: true, description: "nightly billing", name: "billing-agent" });
    expect((await call("DELETE", `/service-accounts/${sa.body.id}`, { token: admin.token })).status).toBe(200);
    expect(await h.db.apiKey.findUnique({ where: { id: key.body.id } })).toBeNull();
  });
});

describe("webhooks", () => {
  it("show only a hint of their URL, refuse private addresses, and list deliveries", async () => {
    const res = await call("POST", "/webhooks", { token: admin.token, body: { name: "slack", url: "https://hooks.slack.com/services/T0/B0/SECRETPART", format: "slack" } });
    expect(res.status).toBe(201);
    expect(res.body.urlHint).toBe("https://hooks.slack.com/…PART");
    expect(JSON.stringify(res.body)).not.toContain("SECRETPART");
    expect((await call("POST", "/webhooks", { token: admin.token, body: { name: "internal", url: "http://10.0.0.8/hook" } })).status).toBe(400);
    expect((await call("POST", "/webhooks", { token: admin.token, body: { name: "ftp", url: "ftp://example.com/x" } })).status).toBe(400);
    await h.db.webhookDelivery.create({ data: { endpointId: res.body.id, payload: { text: "x" }, status: "failed", attempts: 8, lastError: "HTTP 500" } });
    const deliveries = await call("GET", `/webhooks/${res.body.id}/deliveries`, { token: admin.token });
    expect(deliveries.body.data).toEqual([expect.objectContaining({ status: "failed", attempts: 8, lastError: "HTTP 500" })]);
    expect(deliveries.body.data[0]).not.toHaveProperty("payload");
  });
});

describe("settings", () => {
  it("validate retention days", async () => {
    expect((await call("PATCH", "/settings", { token: admin.token, body: { retentionDays: 0 } })).status).toBe(400);
    expect((await call("PATCH", "/settings", { token: admin.token, body: { retentionDays: 90 } })).body).toEqual({ retentionDays: 90 });
    expect((await call("PATCH", "/settings", { token: admin.token, body: { retentionDays: null } })).body).toEqual({ retentionDays: null });
    expect((await call("GET", "/settings", { token: admin.token })).body).toEqual({ retentionDays: null });
  });

  it("refuse malformed JSON with a clear 400", async () => {
    const res = await call("PATCH", "/settings", { token: admin.token, rawBody: "{not json", headers: { "content-type": "application/json" } });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe("invalid_json");
  });
});

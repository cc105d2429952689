// How callers prove who they are: personal access tokens, the bootstrap token, the next-auth
// session cookie; and the local sign-in and first-admin bootstrap behind the login page.
import { generateAccessToken, hashToken, displayPrefix } from "@airlock/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInLocal } from "@/server/auth/local-sign-in";
import { hashPassword } from "@/server/auth/password";
import { roleFromGroups, upsertOidcUser, OidcSignInRefused } from "@/server/auth/oidc-sign-in";
import { ensureAdmin } from "@/server/bootstrap-admin";
import { CONSOLE_URL, call, createUser, sessionCookie, startHarness, type Harness } from "./support/harness";

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

describe("personal access tokens", () => {
  it("authenticate as their user with that user's role", async () => {
    const user = await createUser(h.db, "auditor");
    const res = await call("GET", "/me", { token: user.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "user", id: user.id, label: user.email, role: "auditor" });
    expect(res.body.permissions).toContain("auditEvents.read");
    expect(res.body.permissions).not.toContain("connections.write");
  });

  it("are refused when unknown, malformed, revoked or expired, or their user is disabled", async () => {
    const user = await createUser(h.db, "admin");
    const revoked = generateAccessToken();
    const expired = generateAccessToken();
    await h.db.personalAccessToken.create({ data: { userId: user.id, name: "r", tokenHash: hashToken(revoked), prefix: displayPrefix(revoked), revokedAt: new Date() } });
    await h.db.personalAccessToken.create({ data: { userId: user.id, name: "e", tokenHash: hashToken(expired), prefix: displayPrefix(expired), expiresAt: new Date(Date.now() - 1000) } });
    const disabled = await createUser(h.db, "admin", { disabled: true });
    for (const token of [generateAccessToken(), "alt_", "not-a-token", revoked, expired, disabled.token]) {
      const res = await call("GET", "/me", { token });
      expect(res.status, token).toBe(401);
    }
    const garbled = await call("GET", "/me", { headers: { authorization: "Basic dXNlcjpwYXNz" } });
    expect(garbled.status).toBe(401);
  });

  it("take a role change into account on the next request", async () => {
    const user = await createUser(h.db, "admin");
    expect((await call("GET", "/audit-events", { token: user.token })).status).toBe(200);
    await h.db.user.update({ where: { id: user.id }, data: { role: "member" } });
    expect((await call("GET", "/audit-events", { token: user.token })).status).toBe(403);
  });

  it("are created once through the API and then work as credentials", async () => {
    const user = await createUser(h.db, "reviewer");
    const created = await call("POST", "/tokens", { token: user.token, body: { name: "ci", expiresInDays: 7 } });
    expect(created.status).toBe(201);
    expect(created.body.token).toMatch(/^alt_/);
    const list = await call("GET", "/tokens", { token: user.token });
    expect(JSON.stringify(list.body)).not.toContain(created.body.token);
    expect((await call("GET", "/me", { token: created.body.token })).body.id).toBe(user.id);
    await call("POST", `/tokens/${created.body.id}/revoke`, { token: user.token });
    expect((await call("GET", "/me", { token: created.body.token })).status).toBe(401);
  });
});

describe("bootstrap token", () => {
  it("is an admin that is no user", async () => {
    const res = await call("GET", "/me", { token: h.env.AIRLOCK_BOOTSTRAP_TOKEN });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ kind: "bootstrap", id: null, role: "admin" });
    const created = await call("POST", "/service-accounts", { token: h.env.AIRLOCK_BOOTSTRAP_TOKEN, body: { name: "ci-agent" } });
    expect(created.status).toBe(201);
  });

  it("is refused when it differs by even one character", async () => {
    const token = h.env.AIRLOCK_BOOTSTRAP_TOKEN as string;
    const wrong = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    expect((await call("GET", "/me", { token: wrong })).status).toBe(401);
  });

  it("can issue a token for a person, which automation uses for what needs one (approvals)", async () => {
    const reviewer = await createUser(h.db, "reviewer");
    const res = await call("POST", "/tokens", { token: h.env.AIRLOCK_BOOTSTRAP_TOKEN, body: { name: "robot", userId: reviewer.id } });
    expect(res.status).toBe(201);
    expect((await call("GET", "/me", { token: res.body.token })).body.id).toBe(reviewer.id);
    const mine = await call("POST", "/tokens", { token: h.env.AIRLOCK_BOOTSTRAP_TOKEN, body: { name: "no owner" } });
    expect(mine.status).toBe(400);
  });
});

describe("session cookie", () => {
  it("authenticates reads and same-origin writes", async () => {
    const user = await createUser(h.db, "admin");
    const cookie = await sessionCookie(user, h.env.NEXTAUTH_SECRET as string);
    expect((await call("GET", "/me", { cookie })).body.id).toBe(user.id);
    const write = await call("POST", "/service-accounts", { cookie, headers: { origin: CONSOLE_URL }, body: { name: "from-the-browser" } });
    expect(write.status).toBe(201);
  });

  it("refuses cross-origin writes (CSRF)", async () => {
    const user = await createUser(h.db, "admin");
    const cookie = await sessionCookie(user, h.env.NEXTAUTH_SECRET as string);
    const evil = await call("POST", "/service-accounts", { cookie, headers: { origin: "https://evil.example" }, body: { name: "csrf" } });
    expect(evil.status).toBe(403);
    const noOrigin = await call("POST", "/service-accounts", { cookie, body: { name: "csrf2" } });
    expect(noOrigin.status).toBe(403);
    expect(await h.db.serviceAccount.count({ where: { name: { in: ["csrf", "csrf2"] } } })).toBe(0);
  });

  it("is refused once expired, when forged with another secret, or for a disabled user", async () => {
    const user = await createUser(h.db, "admin");
    const expired = await sessionCookie(user, h.env.NEXTAUTH_SECRET as string, -60);
    expect((await call("GET", "/me", { cookie: expired })).status).toBe(401);
    const forged = await sessionCookie(user, "another-secret-another-secret-another-secret");
    expect((await call("GET", "/me", { cookie: forged })).status).toBe(401);
    const valid = await sessionCookie(user, h.env.NEXTAUTH_SECRET as string);
    await h.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect((await call("GET", "/me", { cookie: valid })).status).toBe(401);
  });
});

describe("local sign-in", () => {
  it("accepts the right password, records the login, and refuses everything else alike", async () => {
    const passwordHash = await hashPassword("correct horse battery staple");
    const user = await h.db.user.create({ data: { email: "ops@example.test", role: "reviewer", passwordHash } });
    const ok = await signInLocal(h.db, "OPS@example.test ", "correct horse battery staple");
    expect(ok).toMatchObject({ id: user.id, role: "reviewer" });
    expect((await h.db.user.findUniqueOrThrow({ where: { id: user.id } })).lastLoginAt).not.toBeNull();
    expect(await signInLocal(h.db, "ops@example.test", "wrong password!!")).toBeNull();
    expect(await signInLocal(h.db, "nobody@example.test", "correct horse battery staple")).toBeNull();
    await h.db.user.update({ where: { id: user.id }, data: { disabled: true } });
    expect(await signInLocal(h.db, "ops@example.test", "correct horse battery staple")).toBeNull();
  });
});

describe("first admin", () => {
  it("is created once with a generated password, then left alone", async () => {
    await h.db.user.updateMany({ where: { role: "admin" }, data: { role: "member" } });
    const first = await ensureAdmin(h.db, { email: "Root@Airlock.Local" });
    expect(first.created).toBe(true);
    expect(first.email).toBe("root@airlock.local");
    expect(first.password?.length).toBeGreaterThanOrEqual(16);
    expect(await signInLocal(h.db, "root@airlock.local", first.password as string)).toMatchObject({ role: "admin" });
    const again = await ensureAdmin(h.db, { email: "other@airlock.local", password: "another password 123" });
    expect(again).toEqual({ created: false, email: "root@airlock.local" });
  });
});

describe("OIDC sign-in", () => {
  const map = { "airlock-admins": "admin", "airlock-reviewers": "reviewer" } as const;

  it("maps groups to the most privileged role, members otherwise", () => {
    expect(roleFromGroups(["staff", "airlock-reviewers", "airlock-admins"], map)).toBe("admin");
    expect(roleFromGroups(["airlock-reviewers"], map)).toBe("reviewer");
    expect(roleFromGroups("airlock-reviewers other", map)).toBe("reviewer");
    expect(roleFromGroups(undefined, map)).toBe("member");
  });

  it("upserts by subject, follows the IdP's role, and refuses disabled accounts", async () => {
    const first = await upsertOidcUser(h.db, { sub: "idp|42", email: "Dana@Example.test", name: "Dana" }, "reviewer");
    expect(first).toMatchObject({ email: "dana@example.test", role: "reviewer" });
    const again = await upsertOidcUser(h.db, { sub: "idp|42", email: "dana@example.test" }, "auditor");
    expect(again.id).toBe(first.id);
    expect(again.role).toBe("auditor");
    await h.db.user.update({ where: { id: first.id }, data: { disabled: true } });
    await expect(upsertOidcUser(h.db, { sub: "idp|42" }, "admin")).rejects.toBeInstanceOf(OidcSignInRefused);
  });

  it("links an existing local account only when the IdP vouches for the e-mail", async () => {
    await h.db.user.create({ data: { email: "lee@example.test", role: "member" } });
    await expect(upsertOidcUser(h.db, { sub: "idp|7", email: "lee@example.test" }, "admin")).rejects.toBeInstanceOf(OidcSignInRefused);
    const linked = await upsertOidcUser(h.db, { sub: "idp|7", email: "lee@example.test", email_verified: true }, "reviewer");
    expect(linked.role).toBe("reviewer");
  });
});

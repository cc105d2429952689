// Airlock keys: shown once, stored as a hash, scoped to connections, expiring, revocable; members
// manage only their own.
import { deriveScramVerifier, formatScramVerifier, hashToken, parseScramVerifier } from "@airlock/db";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";

let h: Harness;
let admin: TestUser;
let alice: TestUser;
let bob: TestUser;
let connectionId: string;

beforeAll(async () => {
  h = await startHarness();
  admin = await createUser(h.db, "admin");
  alice = await createUser(h.db, "member");
  bob = await createUser(h.db, "member");
  connectionId = (await h.db.connection.create({ data: { name: "openai", kind: "openai", upstreamUrl: "https://api.openai.com" } })).id;
});
afterAll(() => h?.close());

describe("keys", () => {
  it("are returned exactly once; only a SHA-256 hash and a display prefix are kept", async () => {
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    const created = await call("POST", "/keys", { token: alice.token, body: { name: "laptop", connectionIds: [connectionId], expiresAt } });
    expect(created.status).toBe(201);
    const key: string = created.body.key;
    expect(key).toMatch(/^alk_[A-Za-z0-9_-]{32}$/);
    expect(created.body).toMatchObject({ ownerUserId: alice.id, connectionIds: [connectionId], prefix: key.slice(0, 8), expiresAt });

    const row = await h.db.apiKey.findUniqueOrThrow({ where: { id: created.body.id }, omit: { keyHash: false, pgScramVerifier: false } });
    expect(row.keyHash).toBe(hashToken(key));
    const verifier = parseScramVerifier(row.pgScramVerifier ?? "");
    expect(row.pgScramVerifier).toBe(formatScramVerifier(deriveScramVerifier(key, verifier!.salt, verifier!.iterations)));
    for (const res of [await call("GET", "/keys", { token: alice.token }), await call("GET", `/keys/${created.body.id}`, { token: alice.token }), await call("GET", "/audit-events", { token: admin.token })]) {
      expect(res.status).toBe(200);
      expect(JSON.stringify(res.body)).not.toContain(key);
      expect(JSON.stringify(res.body)).not.toContain(row.keyHash);
      expect(JSON.stringify(res.body)).not.toContain(row.pgScramVerifier);
    }
  });

  it("come with their Postgres user name and a ready connection string for the gateway's Postgres port", async () => {
    const pgConnection = await h.db.connection.create({ data: { name: "orders-db", kind: "postgres", upstreamUrl: "postgresql://db.internal/orders" } });
    const scoped = await call("POST", "/keys", { token: alice.token, body: { name: "agent", connectionIds: [pgConnection.id] } });
    expect(scoped.body.pgUser).toMatch(/^alkpg_[0-9a-f]{20}$/);
    expect(scoped.body.postgresUrl).toBe(`postgresql://${scoped.body.pgUser}:${scoped.body.key}@127.0.0.1:6432/orders-db`);
    const unscoped = await call("POST", "/keys", { token: alice.token, body: { name: "anything" } });
    expect(unscoped.body.postgresUrl).toBe(`postgresql://${unscoped.body.pgUser}:${unscoped.body.key}@127.0.0.1:6432/<connection>`);
    const listed = await call("GET", `/keys/${scoped.body.id}`, { token: alice.token });
    expect(listed.body.pgUser).toBe(scoped.body.pgUser);
    expect(listed.body.postgresUrl).toBeUndefined();
  });

  it("refuse an expiry in the past and connections that do not exist", async () => {
    expect((await call("POST", "/keys", { token: alice.token, body: { name: "old", expiresAt: new Date(Date.now() - 1000).toISOString() } })).status).toBe(400);
    expect((await call("POST", "/keys", { token: alice.token, body: { name: "ghost", connectionIds: ["nope"] } })).status).toBe(400);
  });

  it("members see and revoke only their own, and cannot issue keys to others", async () => {
    const bobs = await call("POST", "/keys", { token: bob.token, body: { name: "bob's" } });
    const alicesList = await call("GET", "/keys", { token: alice.token });
    expect(alicesList.body.data.every((k: { ownerUserId: string }) => k.ownerUserId === alice.id)).toBe(true);
    expect((await call("GET", `/keys/${bobs.body.id}`, { token: alice.token })).status).toBe(404);
    expect((await call("POST", `/keys/${bobs.body.id}/revoke`, { token: alice.token })).status).toBe(404);
    expect((await h.db.apiKey.findUniqueOrThrow({ where: { id: bobs.body.id } })).revokedAt).toBeNull();
    expect((await call("POST", "/keys", { token: alice.token, body: { name: "for bob", ownerUserId: bob.id } })).status).toBe(403);
    const sa = await h.db.serviceAccount.create({ data: { name: "agent" } });
    expect((await call("POST", "/keys", { token: alice.token, body: { name: "for agent", serviceAccountId: sa.id } })).status).toBe(403);
    const adminIssued = await call("POST", "/keys", { token: admin.token, body: { name: "agent key", serviceAccountId: sa.id } });
    expect(adminIssued.status).toBe(201);
    expect(adminIssued.body).toMatchObject({ serviceAccountId: sa.id, ownerUserId: null });
    const adminList = await call("GET", "/keys", { token: admin.token });
    expect(adminList.body.data.map((k: { id: string }) => k.id)).toEqual(expect.arrayContaining([bobs.body.id, adminIssued.body.id]));
  });

  it("revoked keys stay listed only on request", async () => {
    const k = await call("POST", "/keys", { token: alice.token, body: { name: "to revoke" } });
    const revoked = await call("POST", `/keys/${k.body.id}/revoke`, { token: alice.token });
    expect(revoked.body.revokedAt).not.toBeNull();
    const active = await call("GET", "/keys", { token: alice.token });
    expect(active.body.data.map((x: { id: string }) => x.id)).not.toContain(k.body.id);
    const all = await call("GET", "/keys?includeRevoked=true", { token: alice.token });
    expect(all.body.data.map((x: { id: string }) => x.id)).toContain(k.body.id);
  });
});

describe("pagination", () => {
  it("walks every key exactly once with nextCursor", async () => {
    for (let i = 0; i < 7; i++) await call("POST", "/keys", { token: bob.token, body: { name: `page-${i}` } });
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { data: { id: string }[]; nextCursor: string | null } } = await call("GET", `/keys?limit=3${cursor ? `&cursor=${cursor}` : ""}`, { token: bob.token });
      expect(res.body.data.length).toBeLessThanOrEqual(3);
      seen.push(...res.body.data.map((k) => k.id));
      cursor = res.body.nextCursor;
    } while (cursor);
    const expected = await h.db.apiKey.findMany({ where: { ownerUserId: bob.id, revokedAt: null }, orderBy: [{ createdAt: "desc" }, { id: "desc" }] });
    expect(seen).toEqual(expected.map((k) => k.id));
  });

  it("rejects a limit out of range with the zod issue", async () => {
    const res = await call("GET", "/keys?limit=5000", { token: bob.token });
    expect(res.status).toBe(400);
    expect(res.body.error.details.issues[0].path).toBe("limit");
  });
});

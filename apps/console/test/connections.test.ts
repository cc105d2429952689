// Connections: the credential is write-only, upstreams on private networks are refused unless an
// admin allows them, each connection lists the controls it can enforce, and "test" goes through
// the gateway with a short-lived key.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { decryptSecret, hashToken, parseMasterKey } from "@airlock/db";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { isPrivateAddress } from "@/server/connections/ssrf";
import { resetEnvForTests } from "@/server/env";
import { call, createUser, startHarness, type Harness, type TestUser } from "./support/harness";

let h: Harness;
let admin: TestUser;
const SECRET = "sk-live-CANARY-0123456789abcdef";

beforeAll(async () => {
  h = await startHarness();
  admin = await createUser(h.db, "admin");
});
afterAll(() => h?.close());

async function createConnection(body: Record<string, unknown>) {
  return call("POST", "/connections", { token: admin.token, body: { kind: "openai", upstreamUrl: "https://api.openai.com", ...body } });
}

describe("credential", () => {
  it("is stored encrypted and never returned, only its hint", async () => {
    const created = await createConnection({ name: "openai-prod", credential: SECRET });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ hasCredential: true, credentialHint: "…cdef" });
    const responses = [
      created,
      await call("GET", `/connections/${created.body.id}`, { token: admin.token }),
      await call("GET", "/connections", { token: admin.token }),
      await call("PATCH", `/connections/${created.body.id}`, { token: admin.token, body: { credential: `${SECRET}-rotated` } }),
      await call("GET", "/audit-events", { token: admin.token }),
    ];
    for (const res of responses) {
      const text = JSON.stringify(res.body);
      expect(text).not.toContain("CANARY");
      expect(text).not.toContain("credentialCiphertext\":\"");
    }
    const row = await h.db.connection.findUniqueOrThrow({ where: { id: created.body.id }, omit: { credentialCiphertext: false } });
    expect(Buffer.from(row.credentialCiphertext as Uint8Array).toString("utf8")).not.toContain("CANARY");
    expect(decryptSecret(parseMasterKey(h.env.AIRLOCK_MASTER_KEY as string), row.credentialCiphertext as Uint8Array)).toBe(`${SECRET}-rotated`);
  });

  it("can be removed with null", async () => {
    const created = await createConnection({ name: "to-clear", credential: SECRET });
    const cleared = await call("PATCH", `/connections/${created.body.id}`, { token: admin.token, body: { credential: null } });
    expect(cleared.body).toMatchObject({ hasCredential: false, credentialHint: null });
  });
});

describe("SSRF guard", () => {
  it.each([
    "http://127.0.0.1:8080",
    "http://10.1.2.3",
    "http://192.168.0.10",
    "http://172.20.0.1",
    "http://169.254.169.254/latest/meta-data",
    "http://100.100.100.200",
    "http://[::1]:3000",
    "http://[::ffff:127.0.0.1]",
    "http://[fd00:ec2::254]",
    "http://localhost:11434",
    "http://metadata.google.internal/computeMetadata/v1",
  ])("refuses %s unless allowPrivateNetwork", async (upstreamUrl) => {
    const name = `c-${Math.random().toString(36).slice(2, 8)}`;
    const refused = await createConnection({ name, upstreamUrl });
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/refused/);
    const allowed = await createConnection({ name, upstreamUrl, allowPrivateNetwork: true });
    expect(allowed.status).toBe(201);
  });

  it("refuses switching an existing connection to a private address, and turning the allowance off under one", async () => {
    const conn = await createConnection({ name: "public-one" });
    expect((await call("PATCH", `/connections/${conn.body.id}`, { token: admin.token, body: { upstreamUrl: "http://10.0.0.5" } })).status).toBe(400);
    const priv = await createConnection({ name: "private-one", upstreamUrl: "http://10.0.0.5", allowPrivateNetwork: true });
    expect((await call("PATCH", `/connections/${priv.body.id}`, { token: admin.token, body: { allowPrivateNetwork: false } })).status).toBe(400);
  });

  it("refuses credentials in the URL and protocols that do not fit the kind", async () => {
    expect((await createConnection({ name: "userinfo", upstreamUrl: "https://user:pw@api.example.com" })).status).toBe(400);
    expect((await createConnection({ name: "pg-over-http", kind: "postgres", upstreamUrl: "https://db.example.com" })).status).toBe(400);
    expect((await createConnection({ name: "pg-ok", kind: "postgres", upstreamUrl: "postgres://db.example.com:5432/app" })).status).toBe(201);
  });

  it("classifies addresses", () => {
    expect(isPrivateAddress("8.8.8.8")).toBe(false);
    expect(isPrivateAddress("2606:4700::1111")).toBe(false);
    expect(isPrivateAddress("::ffff:7f00:1")).toBe(true);
    expect(isPrivateAddress("64:ff9b::a9fe:a9fe")).toBe(true);
  });
});

describe("controls", () => {
  it("are listed per kind, and a rule a connection cannot enforce is refused", async () => {
    const llm = await createConnection({ name: "llm-controls" });
    expect(llm.body.controls).toEqual(expect.arrayContaining(["guardrail.tool_call", "masking.streaming"]));
    expect(llm.body.controls).not.toContain("guardrail.sql");
    const db = await createConnection({ name: "db-controls", kind: "postgres", upstreamUrl: "postgres://db.example.com/app" });
    expect(db.body.controls).toContain("guardrail.sql");

    const sqlOnLlm = await call("POST", "/guardrail-rules", { token: admin.token, body: { name: "x", connectionId: llm.body.id, kind: "sql", builtin: "destructive_sql" } });
    expect(sqlOnLlm.status).toBe(400);
    expect(sqlOnLlm.body.error.message).toMatch(/cannot enforce guardrail\.sql/);
    const sqlOnDb = await call("POST", "/guardrail-rules", { token: admin.token, body: { name: "x", connectionId: db.body.id, kind: "sql", builtin: "destructive_sql" } });
    expect(sqlOnDb.status).toBe(201);
    const columnsOnLlm = await call("POST", "/masking-rules", { token: admin.token, body: { name: "cols", connectionId: llm.body.id, detector: "email", columns: ["email"] } });
    expect(columnsOnLlm.status).toBe(400);
  });
});

describe("connection test", () => {
  it("sends one request through the gateway with a short-lived key scoped to the connection, then revokes it", async () => {
    const seen: { url?: string; authorization?: string } = {};
    let keyRowAtRequest: { revokedAt: Date | null; expiresAt: Date | null; connections: { id: string }[] } | null = null;
    const gateway = http.createServer(async (req, res) => {
      seen.url = req.url;
      seen.authorization = req.headers.authorization;
      const key = (req.headers.authorization ?? "").replace("Bearer ", "");
      keyRowAtRequest = await h.db.apiKey.findUnique({ where: { keyHash: hashToken(key) }, include: { connections: { select: { id: true } } } });
      res.writeHead(200, { "content-type": "application/json", "x-airlock-session-id": "sess_1" }).end(JSON.stringify({ data: [] }));
    });
    await new Promise<void>((r) => gateway.listen(0, "127.0.0.1", r));
    process.env.AIRLOCK_GATEWAY_URL = `http://127.0.0.1:${(gateway.address() as AddressInfo).port}`;
    resetEnvForTests();
    const listener = new pg.Client({ connectionString: h.env.DATABASE_URL });
    await listener.connect();
    const notices: string[] = [];
    listener.on("notification", (n) => notices.push(n.payload ?? ""));
    await listener.query("LISTEN airlock_config");
    try {
      const conn = await createConnection({ name: "gw-test", credential: SECRET });
      const res = await call("POST", `/connections/${conn.body.id}/test`, { token: admin.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ ok: true, status: 200, sessionId: "sess_1" });
      expect(seen.url).toBe("/c/gw-test/v1/models");
      expect(seen.authorization).toMatch(/^Bearer alk_/);
      expect(seen.authorization).not.toContain(SECRET);
      const atRequest = keyRowAtRequest as unknown as { revokedAt: Date | null; expiresAt: Date; connections: { id: string }[] };
      expect(atRequest.revokedAt).toBeNull();
      expect(atRequest.connections.map((c) => c.id)).toEqual([conn.body.id]);
      expect(atRequest.expiresAt.getTime() - Date.now()).toBeLessThan(5 * 60_000);
      const after = await h.db.apiKey.findUniqueOrThrow({ where: { keyHash: hashToken((seen.authorization ?? "").slice(7)) } });
      expect(after.revokedAt).not.toBeNull();
      await expect.poll(() => notices.some((n) => JSON.parse(n).entity === "key" && JSON.parse(n).id === after.id)).toBe(true);
    } finally {
      await listener.end();
      gateway.close();
    }
  });

  it("reports an unreachable gateway as a failed test, not an error", async () => {
    process.env.AIRLOCK_GATEWAY_URL = "http://127.0.0.1:1";
    resetEnvForTests();
    const conn = await createConnection({ name: "gw-down" });
    const res = await call("POST", `/connections/${conn.body.id}/test`, { token: admin.token });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ ok: false, status: null });
    expect(res.body.message).toMatch(/unreachable/);
  });
});

describe("change notifications", () => {
  it("NOTIFY airlock_config when a connection changes, after the change is committed", async () => {
    const listener = new pg.Client({ connectionString: h.env.DATABASE_URL });
    await listener.connect();
    const payloads: { entity: string; id: string }[] = [];
    listener.on("notification", (n) => payloads.push(JSON.parse(n.payload ?? "{}")));
    await listener.query("LISTEN airlock_config");
    try {
      const conn = await createConnection({ name: "notify-me" });
      await call("DELETE", `/connections/${conn.body.id}`, { token: admin.token });
      await expect.poll(() => payloads.filter((p) => p.entity === "connection" && p.id === conn.body.id).length).toBe(2);
      const failed = await createConnection({ name: "notify-me-2", upstreamUrl: "http://10.0.0.1" });
      expect(failed.status).toBe(400);
      expect(payloads.filter((p) => p.entity === "connection").length).toBe(2);
    } finally {
      await listener.end();
    }
  });
});

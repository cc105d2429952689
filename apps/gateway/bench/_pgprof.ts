import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { createDb, encryptSecret, generateApiKey, hashToken } from "@airlock/db";
import { createTestDatabase } from "@airlock/db/testing";
import pg from "pg";
import { startGateway } from "../src";
import { startBareProxy } from "./pg/bare-proxy";
process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const gatewayDb = await createTestDatabase("airlock_prof");
const masterKey = randomBytes(32);
const db = createDb(gatewayDb.url, { max: 2 });
const account = await db.serviceAccount.create({ data: { name: "bench-agent" } });
const key = generateApiKey();
await db.apiKey.create({ data: { name: "bench", prefix: key.slice(0, 8), keyHash: hashToken(key), serviceAccountId: account.id } });
const connection = await db.connection.create({ data: { name: "bench-pg", kind: "postgres", upstreamUrl: `postgresql://postgres@127.0.0.1:5432/postgres`, credentialCiphertext: encryptSecret(masterKey, "x"), options: { sslmode: "disable" }, allowPrivateNetwork: true } });
await db.connectionGrant.create({ data: { connectionId: connection.id, serviceAccountId: account.id } });
await db.maskingRule.create({ data: { name: "emails", detector: "email", directions: ["request", "response"], connectionId: connection.id } });
await db.guardrailRule.create({ data: { name: "No destructive SQL", kind: "sql", builtin: "destructive_sql", directions: ["request"], connectionId: connection.id } });
const gateway = await startGateway({ DATABASE_URL: gatewayDb.url, AIRLOCK_MASTER_KEY: masterKey.toString("base64"), AIRLOCK_HOST: "127.0.0.1", AIRLOCK_GATEWAY_PORT: "0", AIRLOCK_PG_PORT: "0", AIRLOCK_ADMIN_PORT: "0", AIRLOCK_LOG_LEVEL: "warn", AIRLOCK_SPOOL_DIR: mkdtempSync(path.join(os.tmpdir(), "prof-spool-")) }, { logDestination: new Writable({ write: (_c, _e, d) => d() }), ...(process.env.NOREC ? { parts: { createRecorder: async () => ({ accepting: true, openChain: async () => ({ sessionId: "s", chainId: "c", append() {}, close() {} }), flagSession() {}, pending: () => 0, flush: async () => {}, close: async () => {} }) } } : {}) });
async function measure(cfg: pg.ClientConfig, label: string) {
  const c = new pg.Client(cfg); await c.connect();
  for (let i = 0; i < 200; i++) await c.query("SELECT abalance FROM pgbench_accounts WHERE aid = 1".replace("pgbench_accounts", "pg_class").replace("abalance", "relname").replace("aid = 1", "oid = 1259"));
  const n = Number(process.env.N ?? 2000); const t0 = performance.now();
  for (let i = 0; i < n; i++) await c.query("SELECT relname FROM pg_class WHERE oid = 1259");
  console.log(label, ((performance.now() - t0) / n * 1000).toFixed(0), "us/query");
  await c.end();
}
const bare = await startBareProxy({ host: "127.0.0.1", port: 5432 });
for (let r = 0; r < 3; r++) { await measure({ host: "127.0.0.1", port: 5432, user: "postgres", database: "postgres" }, "direct"); await measure({ host: "127.0.0.1", port: bare.port, user: "postgres", database: "postgres" }, "bare"); await measure({ host: "127.0.0.1", port: gateway.pgPort, user: "x", password: key, database: "bench-pg" }, "airlock"); }
await measure({ host: "127.0.0.1", port: gateway.pgPort, user: "x", password: key, database: "bench-pg" }, "airlock");
if (!process.env.ONLY_AIRLOCK) await measure({ host: "127.0.0.1", port: 5432, user: "postgres", database: "postgres" }, "direct");
if (!process.env.ONLY_AIRLOCK) await measure({ host: "127.0.0.1", port: gateway.pgPort, user: "x", password: key, database: "bench-pg" }, "airlock");
await gateway.close(); await db.$disconnect(); await gatewayDb.drop();

// "Test connection" goes through the gateway, exactly as a client would: a short-lived key scoped
// to the connection is issued to the admin who asked, used for one request, and revoked. So the
// test exercises the gateway's routing, credential injection and the upstream, and is recorded.
import pg from "pg";
import { apiKeyColumns, generateApiKey, type Db } from "@airlock/db";
import type { ConsoleEnv } from "../env";
import { notifyConfig } from "../api/notify";

const KEY_LIFETIME_MS = 2 * 60_000;
const REQUEST_TIMEOUT_MS = 15_000;

export interface ConnectionTestResult {
  ok: boolean;
  status: number | null;
  latencyMs: number;
  message: string;
  sessionId: string | null;
}

interface Target {
  id: string;
  name: string;
  kind: "openai" | "anthropic" | "http" | "postgres";
}

function describeError(body: unknown): string | null {
  const e = (body as { error?: { message?: unknown } } | null)?.error;
  return typeof e?.message === "string" ? e.message : null;
}

async function overHttp(env: ConsoleEnv, target: Target, key: string): Promise<Omit<ConnectionTestResult, "latencyMs">> {
  const base = `${env.AIRLOCK_GATEWAY_URL.replace(/\/$/, "")}/c/${encodeURIComponent(target.name)}`;
  const headers: Record<string, string> = { "x-airlock-session": `connection-test-${target.id}-${Date.now()}` };
  let url = `${base}/`;
  if (target.kind === "openai") {
    url = `${base}/v1/models`;
    headers.authorization = `Bearer ${key}`;
  } else if (target.kind === "anthropic") {
    url = `${base}/v1/models`;
    headers["x-api-key"] = key;
    headers["anthropic-version"] = "2023-06-01";
  } else {
    headers.authorization = `Bearer ${key}`;
  }
  let res: Response;
  try {
    res = await fetch(url, { headers, signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS), redirect: "manual" });
  } catch (err) {
    const reason = (err as Error).name === "TimeoutError" ? "timed out" : "is unreachable";
    return { ok: false, status: null, message: `the gateway at ${env.AIRLOCK_GATEWAY_URL} ${reason}`, sessionId: null };
  }
  const text = await res.text();
  let parsed: unknown = null;
  try {
    parsed = JSON.parse(text);
  } catch {
    // Not JSON: the status says enough.
  }
  const sessionId = res.headers.get("x-airlock-session-id");
  const detail = describeError(parsed);
  return res.ok
    ? { ok: true, status: res.status, message: `upstream answered ${res.status} through the gateway`, sessionId }
    : { ok: false, status: res.status, message: `${res.status}${detail ? `: ${detail}` : ""}`, sessionId };
}

async function overPostgres(env: ConsoleEnv, target: Target, pgUser: string, key: string): Promise<Omit<ConnectionTestResult, "latencyMs">> {
  const client = new pg.Client({
    host: new URL(env.AIRLOCK_GATEWAY_URL).hostname,
    port: env.AIRLOCK_GATEWAY_PG_PORT,
    database: target.name,
    user: pgUser, // the key's own Postgres user name: SCRAM, so the key never crosses the wire
    password: key,
    connectionTimeoutMillis: REQUEST_TIMEOUT_MS,
    query_timeout: REQUEST_TIMEOUT_MS,
  });
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("SELECT 1");
    return { ok: true, status: null, message: "SELECT 1 succeeded through the gateway", sessionId: null };
  } catch (err) {
    return { ok: false, status: null, message: (err as Error).message || "connection failed", sessionId: null };
  } finally {
    await client.end().catch(() => {});
  }
}

export async function testThroughGateway(db: Db, env: ConsoleEnv, target: Target, ownerUserId: string): Promise<ConnectionTestResult> {
  const key = generateApiKey();
  const row = await db.apiKey.create({
    data: {
      name: `connection test: ${target.name}`,
      ...apiKeyColumns(key),
      ownerUserId,
      createdById: ownerUserId,
      expiresAt: new Date(Date.now() + KEY_LIFETIME_MS),
      connections: { connect: { id: target.id } },
    },
  });
  const started = performance.now();
  try {
    const result = target.kind === "postgres" ? await overPostgres(env, target, row.pgUser ?? "", key) : await overHttp(env, target, key);
    return { ...result, latencyMs: Math.round(performance.now() - started) };
  } finally {
    await db.apiKey.update({ where: { id: row.id }, data: { revokedAt: new Date() } });
    await notifyConfig(db, "key", row.id);
  }
}

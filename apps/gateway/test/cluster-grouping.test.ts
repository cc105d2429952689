// With AIRLOCK_WORKERS=2, exchanges without X-Airlock-Session are grouped per gateway, not per
// worker: one caller's requests, served by both workers on separate TCP connections, are recorded
// as ONE session that verifies and closes once idle; another caller gets a session of its own.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildGatewayBundle } from "./helpers/built-gateway";
import { startCluster, type ClusterProcess } from "./helpers/cluster-process";
import { gatewayEnv } from "./helpers/gateway-env";
import { startHarness, type Harness } from "./helpers/harness";
import { grant, seedKey, seedServiceAccount } from "./helpers/seed";
import { seedWorld, type World } from "./helpers/world";
import { verifyStoredSession } from "./recorder-seal-fixtures";

const IDLE_MS = 4_000;
const REQUESTS = 6;

let h: Harness;
let w: World;
let gateway: ClusterProcess;
let otherKey: string;
let otherServiceAccountId: string;

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
  const other = await seedServiceAccount(h.db, "second-agent");
  await grant(h.db, w.openai.id, { serviceAccountId: other.id });
  otherKey = (await seedKey(h.db, { serviceAccountId: other.id })).key;
  otherServiceAccountId = other.id;
  const bundle = await buildGatewayBundle("cluster-grouping-test");
  gateway = await startCluster(bundle, gatewayEnv(h.database.url, h.masterKey, { AIRLOCK_WORKERS: "2", AIRLOCK_SESSION_IDLE_MS: String(IDLE_MS) }));
}, 120_000);
afterAll(async () => {
  if (gateway?.child.exitCode === null) {
    gateway.child.kill("SIGTERM");
    await gateway.exit;
  }
  await h?.close();
});

/** A client that opens a new TCP connection for every request, so the primary hands them to both workers. */
function client(apiKey: string): OpenAI {
  return new OpenAI({
    apiKey,
    baseURL: `http://127.0.0.1:${gateway.listening.httpPort as number}/c/${w.openai.name}/v1`,
    maxRetries: 0,
    defaultHeaders: { connection: "close" },
  });
}

async function askInTurn(apiKey: string, label: string): Promise<void> {
  for (let i = 0; i < REQUESTS; i++) {
    const question = `${label} question ${i}`;
    const answer = await client(apiKey).chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: question }] });
    expect(answer.choices[0]?.message.content).toBe(`Echo: ${question}`);
  }
}

/** The gateway's "exchange" log lines of one service account (its name is the identity label). */
const exchangesOf = (name: string) => gateway.lines.filter((l) => l.msg === "exchange" && l.identity === name);

const sessionsOf = (serviceAccountId: string) =>
  h.db.recordedSession.findMany({ where: { identityKind: "service_account", identityId: serviceAccountId, connectionId: w.openai.id } });

/** The session's seal streams (one per worker part) and whether each has its session.end. */
async function sealStreams(sessionId: string) {
  const rows = await h.db.sessionEvent.findMany({ where: { sessionId, type: { in: ["session.seal", "session.end"] } }, select: { chainId: true, type: true } });
  const streams = new Set(rows.map((r) => r.chainId)).size;
  const ended = rows.filter((r) => r.type === "session.end").length;
  return { streams, atLeastTwo: streams >= 2, allEnded: ended === streams };
}

describe("idle grouping across two worker processes", () => {
  it("records one caller's sequential requests, served by both workers, as one session that verifies and closes when idle", async () => {
    await askInTurn(w.key, "first");
    await askInTurn(otherKey, "second");

    // Both workers served each caller (separate connections are handed out in turn), and each
    // caller's exchanges went to one session, a different one per caller.
    await expect.poll(() => exchangesOf("second-agent").length).toBe(REQUESTS);
    const sessionIds: string[] = [];
    for (const name of ["agent", "second-agent"]) {
      const lines = exchangesOf(name);
      expect(lines).toHaveLength(REQUESTS);
      expect(new Set(lines.map((l) => l.replica)).size).toBe(2);
      expect(new Set(lines.map((l) => l.sessionId)).size).toBe(1);
      sessionIds.push(lines[0]!.sessionId as string);
    }
    expect(sessionIds[0]).not.toBe(sessionIds[1]);

    // In PostgreSQL: one session per caller holding all its exchanges, closed once idle.
    const callers: [serviceAccountId: string, sessionId: string][] = [
      [w.serviceAccountId, sessionIds[0]!],
      [otherServiceAccountId, sessionIds[1]!],
    ];
    for (const [serviceAccountId, sessionId] of callers) {
      await expect
        .poll(async () => (await sessionsOf(serviceAccountId)).map((s) => ({ id: s.id, status: s.status, exchangeCount: s.exchangeCount })), { timeout: 20_000 })
        .toEqual([{ id: sessionId, status: "closed", exchangeCount: REQUESTS }]);
      const events = await h.db.sessionEvent.findMany({ where: { sessionId, type: { in: ["session.start", "exchange.end"] } }, select: { type: true } });
      expect(events.filter((e) => e.type === "session.start")).toHaveLength(1);
      expect(events.filter((e) => e.type === "exchange.end")).toHaveLength(REQUESTS);
      // Each worker records and ends its own part (a seal stream; more than one if a worker's part
      // went idle while the other worker kept the session going); the row closed with the last.
      await expect.poll(() => sealStreams(sessionId), { timeout: 20_000 }).toMatchObject({ atLeastTwo: true, allEnded: true });
      const verdict = await verifyStoredSession(h.db, sessionId, h.gateway.services.hashKey);
      expect(verdict).toMatchObject({ verified: true, summary: "verified" });
      expect(verdict.findings.filter((f) => f.kind === "seal")).toHaveLength((await sealStreams(sessionId)).streams);
      expect(verdict.findings.filter((f) => f.kind === "exchange" && f.inSessionSeal)).toHaveLength(REQUESTS);
      // Both workers' counters added up, and the later end did not reopen the closed row.
      const row = await h.db.recordedSession.findUniqueOrThrow({ where: { id: sessionId } });
      expect(row).toMatchObject({ status: "closed", exchangeCount: REQUESTS, eventCount: await h.db.sessionEvent.count({ where: { sessionId } }) });
    }
  });
});

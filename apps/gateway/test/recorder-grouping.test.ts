// Which session an exchange lands in: X-Airlock-Session across chains and replicas, idle grouping
// without it, one session per Postgres connection, and session lookups that keep working while
// PostgreSQL is away. Needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createRecorderWorld, httpKey, serviceAccount, unique, type RecorderWorld } from "./recorder-fixtures";

let world: RecorderWorld;

beforeAll(async () => {
  world = await createRecorderWorld();
});

afterAll(async () => {
  await world?.close();
});

describe("X-Airlock-Session", () => {
  it("groups every exchange carrying the same value into one session, on every replica", async () => {
    const { recorder: replicaA } = await world.start();
    const { recorder: replicaB } = await world.start();
    const agent = serviceAccount();
    const key = httpKey(world.connection, agent, unique("conversation"));

    const first = await replicaA.openChain(key);
    const second = await replicaA.openChain(key);
    const third = await replicaB.openChain(key);
    for (const chain of [first, second, third]) chain.close({ type: "exchange.end", payload: { text: "done" } });
    await Promise.all([replicaA.flush(), replicaB.flush()]);

    expect(new Set([first.sessionId, second.sessionId, third.sessionId]).size).toBe(1);
    expect(new Set([first.chainId, second.chainId, third.chainId]).size).toBe(3);
    expect([first.sessionCreated, second.sessionCreated, third.sessionCreated]).toEqual([true, false, false]);
    const sessions = await world.db.recordedSession.findMany({ where: { clientKey: key.clientKey } });
    expect(sessions).toHaveLength(1);
    expect(sessions[0]).toMatchObject({ id: first.sessionId, exchangeCount: 3, eventCount: 3, identityId: agent.id, protocol: "http" });
  });

  it("does not let another identity join a session by sending the same value", async () => {
    const { recorder } = await world.start();
    const clientKey = unique("shared-value");
    const mine = await recorder.openChain(httpKey(world.connection, serviceAccount(), clientKey));
    const theirs = await recorder.openChain(httpKey(world.connection, serviceAccount(), clientKey));
    expect(theirs.sessionId).not.toBe(mine.sessionId);
  });

  it("concurrent first exchanges of a new value on two replicas still end up in one session", async () => {
    const { recorder: replicaA } = await world.start();
    const { recorder: replicaB } = await world.start();
    const key = httpKey(world.connection, serviceAccount(), unique("race"));
    const chains = await Promise.all([replicaA.openChain(key), replicaB.openChain(key), replicaA.openChain(key), replicaB.openChain(key)]);
    expect(new Set(chains.map((c) => c.sessionId)).size).toBe(1);
    expect(await world.db.recordedSession.count({ where: { clientKey: key.clientKey } })).toBe(1);
  });

  it("keeps opening chains in a known session while PostgreSQL is away, and stores them once it is back", async () => {
    const { recorder } = await world.start();
    const key = httpKey(world.connection, serviceAccount(), unique("steady"));
    const before = await recorder.openChain(key);
    before.close({ type: "exchange.end", payload: { text: "before" } });
    await recorder.flush();

    world.cutDatabase();
    try {
      const during = await recorder.openChain(key);
      during.close({ type: "exchange.end", payload: { text: "during" } });
      expect(during.sessionId).toBe(before.sessionId);
    } finally {
      world.restoreDatabase();
    }
    await recorder.flush();
    const session = await world.db.recordedSession.findUniqueOrThrow({ where: { id: before.sessionId } });
    expect(session.exchangeCount).toBe(2);
  });

  it("starts a session for a value first seen while PostgreSQL is away and writes its row later", async () => {
    const { recorder } = await world.start();
    const key = httpKey(world.connection, serviceAccount(), unique("offline"));
    world.cutDatabase();
    let sessionId: string;
    try {
      const chain = await recorder.openChain(key);
      sessionId = chain.sessionId;
      chain.close({ type: "exchange.end", payload: { text: "recorded offline" } });
      expect(await world.db.recordedSession.count({ where: { id: sessionId } })).toBe(0);
    } finally {
      world.restoreDatabase();
    }
    await recorder.flush();
    const session = await world.db.recordedSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session).toMatchObject({ clientKey: key.clientKey, connectionId: world.connection.id, eventCount: 1 });
  });
});

describe("without X-Airlock-Session", () => {
  it("groups an identity's exchanges on a connection until the session has been idle", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const idleMs = 60_000;
    const { recorder } = await world.start({ env: { AIRLOCK_SESSION_IDLE_MS: String(idleMs) }, tuning: { clock: () => now } });
    const agent = serviceAccount();
    const key = httpKey(world.connection, agent);

    const first = await recorder.openChain(key);
    first.close({ type: "exchange.end", payload: { text: "one" } });
    now += idleMs; // exactly at the limit: still the same session
    const second = await recorder.openChain(key);
    second.close({ type: "exchange.end", payload: { text: "two" } });
    const otherIdentity = await recorder.openChain(httpKey(world.connection, serviceAccount()));
    now += idleMs + 1;
    const third = await recorder.openChain(key);
    third.close({ type: "exchange.end", payload: { text: "three" } });
    await recorder.flush();

    expect(second.sessionId).toBe(first.sessionId);
    expect(otherIdentity.sessionId).not.toBe(first.sessionId);
    expect(third.sessionId).not.toBe(first.sessionId);
    expect(third.sessionCreated).toBe(true);
    const rows = await world.db.recordedSession.findMany({ where: { identityId: agent.id }, orderBy: { startedAt: "asc" } });
    expect(rows.map((r) => [r.id, r.exchangeCount])).toEqual([
      [first.sessionId, 2],
      [third.sessionId, 1],
    ]);
  });

  it("never ends a session while one of its exchanges is still running", async () => {
    let now = Date.parse("2026-01-01T00:00:00Z");
    const { recorder } = await world.start({ env: { AIRLOCK_SESSION_IDLE_MS: "1000" }, tuning: { clock: () => now } });
    const key = httpKey(world.connection, serviceAccount());
    const longStream = await recorder.openChain(key);
    now += 10_000;
    const meanwhile = await recorder.openChain(key);
    expect(meanwhile.sessionId).toBe(longStream.sessionId);
  });
});

describe("Postgres connections", () => {
  it("records each client connection as a session of its own", async () => {
    const { recorder } = await world.start();
    const key = { ...httpKey(world.connection, serviceAccount()), protocol: "postgres" as const };
    const one = await recorder.openChain(key);
    const two = await recorder.openChain(key);
    one.close({ type: "session.end", payload: { reason: "client_closed" } });
    await recorder.flush();
    expect(two.sessionId).not.toBe(one.sessionId);
    const closed = await world.db.recordedSession.findUniqueOrThrow({ where: { id: one.sessionId } });
    expect(closed).toMatchObject({ protocol: "postgres", status: "closed", exchangeCount: 1 });
    expect(closed.endedAt).not.toBeNull();
  });
});

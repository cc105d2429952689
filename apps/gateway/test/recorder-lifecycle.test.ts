// HTTP sessions end: after AIRLOCK_SESSION_IDLE_MS without activity, or when the gateway shuts
// down, the recorder writes the session's final seal and `session.end`, and the row turns closed at
// the time of its last event. An X-Airlock-Session value used again later reopens its session.
// Seals list every exchange, so one deleted with its checkpoint is named by the verifier.
// Needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HASH_KEY, createRecorderWorld, httpKey, serviceAccount, unique, type RecorderWorld } from "./recorder-fixtures";
import { deleteChain, eventsOfType, eventually, verifyStoredSession, waitUntilClosed } from "./recorder-seal-fixtures";

let world: RecorderWorld;

beforeAll(async () => {
  world = await createRecorderWorld();
});

afterAll(async () => {
  await world?.close();
});

const SHORT_IDLE = { AIRLOCK_SESSION_IDLE_MS: "300" };
const end = (text: string) => ({ type: "exchange.end", payload: { text } });

describe("closing HTTP sessions", () => {
  it("closes an idle session at its last activity, with every exchange sealed", async () => {
    const { recorder } = await world.start({ env: SHORT_IDLE });
    const key = httpKey(world.connection, serviceAccount());
    const first = await recorder.openChain(key);
    first.close(end("one"));
    const second = await recorder.openChain(key);
    second.close(end("two"));
    expect(second.sessionId).toBe(first.sessionId);

    const row = await waitUntilClosed(world.db, () => recorder.flush(), first.sessionId);
    expect(row.exchangeCount).toBe(2);
    expect(row.endedAt?.getTime()).toBe(row.lastEventAt.getTime());
    const [ended] = await eventsOfType(world.db, row.id, "session.end");
    expect(ended?.payload).toEqual({ reason: "idle_timeout" });
    const lastExchangeEvent = await world.db.sessionEvent.findFirstOrThrow({ where: { chainId: second.chainId }, orderBy: { seq: "desc" } });
    expect(row.endedAt!.getTime()).toBeGreaterThanOrEqual(lastExchangeEvent.at.getTime());

    const seals = await eventsOfType(world.db, row.id, "session.seal");
    const listed = seals.flatMap((s) => (s.payload as { exchanges: { chainId: string }[] }).exchanges.map((d) => d.chainId));
    expect(listed.sort()).toEqual([first.chainId, second.chainId].sort());
    const verdict = await verifyStoredSession(world.db, row.id, HASH_KEY);
    expect(verdict).toMatchObject({ verified: true, summary: "verified" });
    expect(verdict.findings.filter((f) => f.kind === "exchange").every((f) => f.inSessionSeal)).toBe(true);
  });

  it("reopens the same session when its X-Airlock-Session value comes back after the idle time", async () => {
    const { recorder } = await world.start({ env: SHORT_IDLE });
    const key = httpKey(world.connection, serviceAccount(), unique("conversation"));
    const before = await recorder.openChain(key);
    before.close(end("before the pause"));
    await waitUntilClosed(world.db, () => recorder.flush(), before.sessionId);

    const after = await recorder.openChain(key);
    expect(after.sessionId).toBe(before.sessionId);
    expect(after.sessionCreated).toBe(false);
    after.append({ type: "exchange.request", payload: { text: "after the pause" } });
    await recorder.flush();
    const reopened = await world.db.recordedSession.findUniqueOrThrow({ where: { id: before.sessionId } });
    expect(reopened).toMatchObject({ status: "active", endedAt: null });

    after.close(end("done"));
    const row = await waitUntilClosed(world.db, () => recorder.flush(), before.sessionId);
    expect(row.exchangeCount).toBe(2);
    expect(await eventsOfType(world.db, row.id, "session.end")).toHaveLength(2);
    expect(row.endedAt?.getTime()).toBe(row.lastEventAt.getTime());
    expect(await verifyStoredSession(world.db, row.id, HASH_KEY)).toMatchObject({ verified: true });
  });

  it("ends every session it holds when the recorder closes (graceful shutdown)", async () => {
    const { recorder } = await world.start();
    const chain = await recorder.openChain(httpKey(world.connection, serviceAccount(), unique("until-shutdown")));
    chain.close(end("last words"));
    await recorder.flush();
    expect(await world.db.recordedSession.findUniqueOrThrow({ where: { id: chain.sessionId } })).toMatchObject({ status: "active" });

    await recorder.close();
    const row = await world.db.recordedSession.findUniqueOrThrow({ where: { id: chain.sessionId } });
    expect(row.status).toBe("closed");
    const [ended] = await eventsOfType(world.db, row.id, "session.end");
    expect(ended?.payload).toEqual({ reason: "shutdown" });
    expect(await verifyStoredSession(world.db, row.id, HASH_KEY)).toMatchObject({ verified: true, summary: "verified" });
  });

  it("seals a busy session's finished exchanges while it is still active", async () => {
    const { recorder } = await world.start({ tuning: { sealIntervalMs: 100 } });
    const chain = await recorder.openChain(httpKey(world.connection, serviceAccount(), unique("busy")));
    chain.close(end("sealed while active"));
    const seal = await firstSeal(() => recorder.flush(), chain.sessionId);
    expect((seal.payload as { exchanges: { chainId: string }[] }).exchanges.map((d) => d.chainId)).toEqual([chain.chainId]);
    expect(await world.db.sessionCheckpoint.count({ where: { chainId: seal.chainId } })).toBe(1);
    const row = await world.db.recordedSession.findUniqueOrThrow({ where: { id: chain.sessionId } });
    expect(row).toMatchObject({ status: "active", exchangeCount: 1 });
  });

  it("a session served by two replicas ends once both are done, and verifies", async () => {
    let now = Date.parse("2026-02-01T10:00:00.000Z");
    const shared = { env: { AIRLOCK_SESSION_IDLE_MS: "1000" }, tuning: { clock: () => now } };
    const { recorder: replicaA } = await world.start(shared);
    const { recorder: replicaB } = await world.start(shared);
    const key = httpKey(world.connection, serviceAccount(), unique("two-replicas"));
    const onA = await replicaA.openChain(key);
    const onB = await replicaB.openChain(key);
    onA.close(end("from A"));
    now += 500;
    onB.close(end("from B"));
    const flushBoth = async () => {
      await Promise.all([replicaA.flush(), replicaB.flush()]);
    };
    await flushBoth();

    now += 600; // idle on A, not yet on B
    await eventually(async () => {
      await flushBoth();
      expect(await eventsOfType(world.db, onA.sessionId, "session.end")).toHaveLength(1);
    });
    // B recorded after A's part ended: the session is not over yet.
    expect(await world.db.recordedSession.findUniqueOrThrow({ where: { id: onA.sessionId } })).toMatchObject({ status: "active", endedAt: null });

    now += 1_000;
    const row = await waitUntilClosed(world.db, flushBoth, onA.sessionId);
    expect(await eventsOfType(world.db, row.id, "session.end")).toHaveLength(2);
    expect(row.endedAt?.toISOString()).toBe("2026-02-01T10:00:00.500Z");
    const verdict = await verifyStoredSession(world.db, row.id, HASH_KEY);
    expect(verdict).toMatchObject({ verified: true });
    expect(verdict.findings.filter((f) => f.kind === "seal")).toHaveLength(2);
  });
});

describe("deleting an exchange together with its checkpoint", () => {
  it("is named by the verifier, through the session seal", async () => {
    const { recorder } = await world.start({ env: SHORT_IDLE });
    const key = httpKey(world.connection, serviceAccount(), unique("tampered"));
    const chains = [];
    for (const text of ["one", "two", "three"]) {
      const chain = await recorder.openChain(key);
      chain.append({ type: "exchange.request", payload: { text } });
      chain.close(end(`answer ${text}`));
      chains.push(chain);
    }
    const sessionId = chains[0]!.sessionId;
    await waitUntilClosed(world.db, () => recorder.flush(), sessionId);
    expect(await verifyStoredSession(world.db, sessionId, HASH_KEY)).toMatchObject({ verified: true });

    const victim = chains[1]!.chainId;
    await deleteChain(world.db, victim);
    // The counter would give it away too; someone with write access corrects it as well.
    await world.db.recordedSession.update({ where: { id: sessionId }, data: { eventCount: { decrement: 2 }, exchangeCount: { decrement: 1 } } });

    const verdict = await verifyStoredSession(world.db, sessionId, HASH_KEY);
    expect(verdict.verified).toBe(false);
    expect(verdict.summary).toContain(`exchange ${victim} is missing`);
    expect(verdict.findings.filter((f) => !f.ok).map((f) => f.chainId)).toEqual([victim]);
  });
});

async function firstSeal(flush: () => Promise<void>, sessionId: string) {
  return eventually(async () => {
    await flush();
    const [seal] = await eventsOfType(world.db, sessionId, "session.seal");
    expect(seal).toBeDefined();
    return seal!;
  });
}

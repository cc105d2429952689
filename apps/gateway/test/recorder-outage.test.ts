// PostgreSQL going away under load, being slow, and a gateway restart in the middle of an outage:
// every event appended must end up in PostgreSQL exactly once, on chains that still verify.
// Needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
import { appendFile } from "node:fs/promises";
import { join } from "node:path";
import pg from "pg";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RecordingChain } from "../src/recorder/types";
import {
  HASH_KEY,
  LEVEL,
  chunkEvent,
  createRecorderWorld,
  httpKey,
  metricValue,
  serviceAccount,
  spoolSegments,
  unique,
  verifyStoredChains,
  type RecorderWorld,
} from "./recorder-fixtures";
import { eventually, verifyStoredSession } from "./recorder-seal-fixtures";

let world: RecorderWorld;

beforeAll(async () => {
  world = await createRecorderWorld();
});

afterAll(async () => {
  await world?.close();
});

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Several writers appending continuously: long-lived Postgres chains and short HTTP exchanges. */
function startLoad(recorder: Awaited<ReturnType<RecorderWorld["start"]>>["recorder"]) {
  const chains: RecordingChain[] = [];
  let appended = 0;
  let running = true;
  const longLived = async (n: number) => {
    const chain = await recorder.openChain({ ...httpKey(world.connection, serviceAccount(`pg-client-${n}-${unique("sa")}`)), protocol: "postgres" });
    chains.push(chain);
    for (let i = 0; running; i++) {
      chain.append(chunkEvent(i));
      appended++;
      await pause(2);
    }
    chain.close({ type: "session.end", payload: { reason: "client_closed" } });
    appended++;
  };
  const exchanges = async () => {
    const key = httpKey(world.connection, serviceAccount(), unique("conversation"));
    while (running) {
      const chain = await recorder.openChain(key);
      chains.push(chain);
      chain.append(chunkEvent(0));
      chain.close({ type: "exchange.end", payload: { text: "ok" } });
      appended += 2;
      await pause(5);
    }
  };
  const done = Promise.all([longLived(1), longLived(2), longLived(3), exchanges(), exchanges()]);
  return {
    chains,
    appended: () => appended,
    async stop() {
      running = false;
      await done;
    },
  };
}

async function storedEvents(chains: readonly RecordingChain[]): Promise<number> {
  return world.db.sessionEvent.count({ where: { chainId: { in: chains.map((c) => c.chainId) } } });
}

describe("PostgreSQL outages", () => {
  it("loses nothing when PostgreSQL goes away mid-load and comes back", async () => {
    const metrics = new Registry();
    const { recorder, logs } = await world.start({ metrics });
    const load = startLoad(recorder);
    await pause(500);

    world.cutDatabase();
    const appendedBeforeCut = load.appended();
    await pause(2_500);
    const acceptedThroughout = recorder.accepting;
    world.restoreDatabase();
    await pause(500);
    await load.stop();
    await recorder.flush({ timeoutMs: 20_000 });

    const appended = load.appended();
    expect(appended).toBeGreaterThan(appendedBeforeCut + 100);
    expect(acceptedThroughout).toBe(true);
    expect(await storedEvents(load.chains)).toBe(appended);
    expect(await verifyStoredChains(world.db, load.chains.map((c) => c.chainId))).toEqual({ events: appended, problems: [] });
    // Each Postgres connection's chain has a checkpoint of its own; HTTP exchanges are vouched for
    // by their session's seal, written within the seal interval. Every session verifies in full.
    expect(await world.db.sessionCheckpoint.count({ where: { chainId: { in: load.chains.map((c) => c.chainId) } } })).toBe(3);
    for (const sessionId of new Set(load.chains.map((c) => c.sessionId))) {
      await eventually(async () => {
        await recorder.flush();
        expect(await verifyStoredSession(world.db, sessionId, HASH_KEY)).toMatchObject({ verified: true, summary: "verified" });
      });
    }
    expect(recorder.pending()).toBe(0);
    expect(await metricValue(metrics, "airlock_recorder_events_spooled_total")).toBeGreaterThan(0);
    expect(await metricValue(metrics, "airlock_recorder_write_errors_total")).toBeGreaterThan(0);
    expect(await metricValue(metrics, "airlock_recorder_events_written_total")).toBeGreaterThanOrEqual(appended);
    expect(logs.messages().some((m) => m.includes("spooling to disk"))).toBe(true);
  });

  it("treats a PostgreSQL that answers too slowly like one that is down", async () => {
    const { recorder } = await world.start({ tuning: { writeTimeoutMs: 300 } });
    const blocker = new pg.Client({ connectionString: world.database.url });
    await blocker.connect();
    const chain = await recorder.openChain(httpKey(world.connection, serviceAccount()));
    await recorder.flush(); // the session row is in; only events wait below
    try {
      // Holds every insert into SessionEvent until the lock is released.
      await blocker.query(`BEGIN; LOCK TABLE "SessionEvent" IN ACCESS EXCLUSIVE MODE`);
      for (let i = 0; i < 50; i++) chain.append(chunkEvent(i));
      const stuck = await recorder.flush({ timeoutMs: 1_000 }).catch((error: unknown) => error);
      expect(stuck).toBeInstanceOf(Error);
      expect(recorder.pending()).toBe(50);
    } finally {
      await blocker.query("ROLLBACK");
      await blocker.end();
    }
    chain.close();
    await recorder.flush();
    expect(await verifyStoredChains(world.db, [chain.chainId])).toEqual({ events: 50, problems: [] });
  });

  it("replays after a restart the spool an earlier run left while PostgreSQL was down", async () => {
    const replicaId = unique("replica");
    const first = await world.start({ replicaId });
    const key = httpKey(world.connection, serviceAccount(), unique("conversation"));
    const known = await first.recorder.openChain(key);
    known.close({ type: "exchange.end", payload: { text: "before the outage" } });
    await first.recorder.flush();

    world.cutDatabase();
    const chains: RecordingChain[] = [known];
    try {
      for (let c = 0; c < 3; c++) {
        const chain = await first.recorder.openChain(c === 0 ? key : httpKey(world.connection, serviceAccount()));
        for (let i = 0; i < 40; i++) chain.append(chunkEvent(i));
        if (c < 2) chain.close({ type: "exchange.end", payload: { text: "during the outage" } });
        chains.push(chain);
      }
      await first.recorder.close();
      expect(await spoolSegments(world.spoolRoot, replicaId)).not.toEqual([]);

      const second = await world.start({ replicaId });
      expect(second.recorder.pending()).toBeGreaterThanOrEqual(3 * 40 + 2);
      world.restoreDatabase();
      await second.recorder.flush({ timeoutMs: 20_000 });
      expect(second.recorder.pending()).toBe(0);
    } finally {
      world.restoreDatabase();
    }

    expect(await verifyStoredChains(world.db, chains.map((c) => c.chainId))).toEqual({ events: 1 + 3 * 40 + 2, problems: [] });
    expect(new Set(chains.slice(0, 2).map((c) => c.sessionId)).size).toBe(1);
    const session = await world.db.recordedSession.findUniqueOrThrow({ where: { id: known.sessionId } });
    // The shutdown ended the session: its final seal (listing both exchanges) and session.end went to the spool too.
    expect(session).toMatchObject({ exchangeCount: 2, eventCount: 1 + 41 + 2, status: "closed" });
    expect(await verifyStoredSession(world.db, known.sessionId, HASH_KEY)).toMatchObject({ verified: true, summary: "verified" });
    expect(await spoolSegments(world.spoolRoot, replicaId)).toEqual([]);
  });

  it("skips a spool line torn by a crash and replays the rest", async () => {
    const replicaId = unique("replica");
    const first = await world.start({ replicaId });
    world.cutDatabase();
    let chain: RecordingChain;
    try {
      chain = await first.recorder.openChain(httpKey(world.connection, serviceAccount()));
      for (let i = 0; i < 10; i++) chain.append(chunkEvent(i));
      chain.close();
      await first.recorder.close();
      const [segment] = await spoolSegments(world.spoolRoot, replicaId);
      // What a crash in the middle of an append leaves behind.
      await appendFile(join(world.spoolRoot, replicaId, segment as string), '{"v":1,"records":[{"kind":"event","sess');
    } finally {
      world.restoreDatabase();
    }
    const second = await world.start({ replicaId });
    await second.recorder.flush();
    expect(await verifyStoredChains(world.db, [chain.chainId])).toEqual({ events: 10, problems: [] });
    expect(second.logs.messages(LEVEL.warn).some((m) => m.includes("torn last line"))).toBe(true);
  });

  it("refuses to share a spool directory between two recorders", async () => {
    const replicaId = unique("replica");
    await world.start({ replicaId });
    await expect(world.start({ replicaId })).rejects.toThrow(/already used by another recorder/);
  });
});

// Fail closed: when neither PostgreSQL nor the spool can take more, the recorder stops accepting
// (the data paths answer 503) but keeps every event it already has, and accepts again once the
// backlog drains. Needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
import { mkdir, rm, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { Registry } from "prom-client";
import { LEVEL, createRecorderWorld, httpKey, metricValue, serviceAccount, unique, verifyStoredChains, type RecorderWorld } from "./recorder-fixtures";

let world: RecorderWorld;

beforeAll(async () => {
  world = await createRecorderWorld();
});

afterAll(async () => {
  await world?.close();
});

// About 600 bytes per event once spooled.
const bulky = (i: number) => ({ type: "exchange.chunks", payload: { offsetsMs: [i], deltas: [`${i} `.padEnd(500, "x")] } });

describe("backpressure", () => {
  it("stops accepting when the queue and the spool are both full, drops nothing, and accepts again once drained", async () => {
    const { recorder, logs } = await world.start({
      env: { AIRLOCK_RECORDER_QUEUE_MAX: "20", AIRLOCK_RECORDER_BATCH_SIZE: "5", AIRLOCK_SPOOL_MAX_BYTES: "16384" },
    });
    const chain = await recorder.openChain(httpKey(world.connection, serviceAccount()));
    await recorder.flush();
    world.cutDatabase();
    let appended = 0;
    try {
      // Each pass gives the writer a moment to spool what it can; the spool holds about 27 events.
      for (let pass = 0; pass < 50 && recorder.accepting; pass++) {
        for (let i = 0; i < 10; i++) chain.append(bulky(appended++));
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(recorder.accepting).toBe(false);
      // Events of exchanges already under way are still taken, and kept.
      chain.append(bulky(appended++));
      expect(recorder.pending()).toBe(appended);
      expect(logs.messages(LEVEL.error).some((m) => m.includes("spool is full"))).toBe(true);
    } finally {
      world.restoreDatabase();
    }
    await vi.waitFor(() => expect(recorder.accepting).toBe(true), { timeout: 10_000, interval: 20 });
    chain.close();
    await recorder.flush();
    expect(await verifyStoredChains(world.db, [chain.chainId])).toEqual({ events: appended, problems: [] });
  });

  it("sends records to the spool once the in-memory queue passes its byte bound, even with PostgreSQL up, and stores them all", async () => {
    const burst = async (env: Record<string, string>) => {
      const metrics = new Registry();
      const { recorder } = await world.start({ env, metrics });
      const chain = await recorder.openChain(httpKey(world.connection, serviceAccount()));
      // One synchronous burst of ~300 KB of payloads: nothing is written before it is all queued.
      for (let i = 0; i < 150; i++) chain.append({ type: "exchange.chunks", payload: { offsetsMs: [i], deltas: ["y".repeat(1_000)] } });
      chain.close();
      await recorder.flush();
      return { spooled: await metricValue(metrics, "airlock_recorder_events_spooled_total"), stored: await verifyStoredChains(world.db, [chain.chainId]) };
    };
    const bounded = await burst({ AIRLOCK_RECORDER_QUEUE_MAX_BYTES: "65536" });
    expect(bounded.spooled).toBeGreaterThan(0);
    expect(bounded.stored).toEqual({ events: 150, problems: [] });
    // The default bound (64 MiB) takes the same burst in memory.
    const unbounded = await burst({});
    expect(unbounded.spooled).toBe(0);
    expect(unbounded.stored).toEqual({ events: 150, problems: [] });
  });

  it("stops accepting at once if the spool cannot be written, keeps the events in memory, and recovers", async () => {
    const replicaId = unique("replica");
    const { recorder, logs } = await world.start({ replicaId });
    const chain = await recorder.openChain(httpKey(world.connection, serviceAccount()));
    await recorder.flush();
    // The spool directory turns into a file: no segment can be created in it.
    const spoolDir = join(world.spoolRoot, replicaId);
    await rm(spoolDir, { recursive: true });
    await writeFile(spoolDir, "not a directory");
    world.cutDatabase();
    try {
      for (let i = 0; i < 30; i++) chain.append(bulky(i));
      await vi.waitFor(() => expect(recorder.accepting).toBe(false), { timeout: 10_000, interval: 20 });
      expect(recorder.pending()).toBe(30);
      expect(logs.messages(LEVEL.error).some((m) => m.includes("CANNOT WRITE THE SPOOL"))).toBe(true);
      world.restoreDatabase();
      await recorder.flush();
      expect(recorder.accepting).toBe(true);
      expect(await verifyStoredChains(world.db, [chain.chainId])).toEqual({ events: 30, problems: [] });
    } finally {
      world.restoreDatabase();
      await rm(spoolDir, { force: true });
      await mkdir(spoolDir, { recursive: true });
    }
  });
});

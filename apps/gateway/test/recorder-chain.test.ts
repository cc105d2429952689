// What a recorded exchange looks like in PostgreSQL: ordered events on a verifying hash chain, a
// keyed seal (HTTP) or checkpoint (Postgres), session counters and console filters, payloads the database could not take
// as given, records the database refuses for good, and a flush that says why it cannot finish.
// Needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
import { randomBytes } from "node:crypto";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { CHECKPOINT_SCHEME, verifyChain, verifyCheckpoint, verifySession, type Checkpoint } from "@airlock/recording";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { pino } from "pino";
import { RecorderFlushError } from "../src/recorder";
import { eventsOfType, eventually, verifyStoredSession } from "./recorder-seal-fixtures";
import { createDbWriter } from "../src/recorder/db-writer";
import {
  HASH_KEY,
  LEVEL,
  chunkEvent,
  createRecorderWorld,
  eventsOfChain,
  httpKey,
  serviceAccount,
  sessionWithOneChain,
  unique,
  verifyStoredChains,
  type RecorderWorld,
} from "./recorder-fixtures";

let world: RecorderWorld;

beforeAll(async () => {
  world = await createRecorderWorld();
});

afterAll(async () => {
  await world?.close();
});

const request = {
  type: "exchange.request",
  payload: {
    method: "POST",
    path: "/v1/chat/completions",
    connection: "openai-prod",
    provider: "openai",
    model: "gpt-test",
    stream: true,
    messages: [{ role: "user", text: "Summarise the invoice for <EMAIL_1>" }],
    tools: [],
    headers: { "content-type": "application/json" },
    bodyBytes: 120,
  },
};

describe("a recorded exchange", () => {
  it("is stored in order on a hash chain that verifies, vouched for by its session's seal, which only the key can make", async () => {
    const { recorder } = await world.start({ tuning: { sealIntervalMs: 50 } });
    const chain = await recorder.openChain(httpKey(world.connection, serviceAccount()));
    chain.append(request);
    chain.append({ type: "exchange.response", payload: { status: 200, headers: {}, stream: true } });
    chain.append({ type: "exchange.chunks", payload: { offsetsMs: [5, 9], deltas: ["The invoice ", "totals 40 EUR."] } });
    chain.close({ type: "exchange.end", payload: { text: "The invoice totals 40 EUR.", usage: { inputTokens: 12, outputTokens: 6 }, latencyMs: 20, ttftMs: 5 } });
    await recorder.flush();

    const rows = await eventsOfChain(world.db, chain.chainId);
    expect(rows.map((r) => [r.seq, r.type])).toEqual([
      [1, "exchange.request"],
      [2, "exchange.response"],
      [3, "exchange.chunks"],
      [4, "exchange.end"],
    ]);
    expect(rows.every((r) => r.sessionId === chain.sessionId)).toBe(true);
    expect(rows[2]?.payload).toEqual({ offsetsMs: [5, 9], deltas: ["The invoice ", "totals 40 EUR."] });
    expect(verifyChain(rows)).toEqual({ ok: true });

    // No checkpoint row per exchange: the session's seal lists the exchange's head, under the key.
    expect(await world.db.sessionCheckpoint.count({ where: { chainId: chain.chainId } })).toBe(0);
    const seal = await eventually(async () => {
      await recorder.flush();
      const [found] = await eventsOfType(world.db, chain.sessionId, "session.seal");
      expect(found).toBeDefined();
      return found!;
    });
    expect(seal.payload).toEqual({ exchanges: [{ chainId: chain.chainId, lastSeq: 4, lastHash: rows[3]?.hash }] });
    const stored = await world.db.sessionCheckpoint.findFirstOrThrow({ where: { chainId: seal.chainId } });
    const sealed: Checkpoint = { scheme: CHECKPOINT_SCHEME, sessionId: stored.sessionId, lastSeq: stored.lastSeq, lastHash: stored.lastHash, mac: stored.mac };
    expect(sealed).toMatchObject({ sessionId: chain.sessionId, lastSeq: 1, lastHash: seal.hash });
    expect(verifyCheckpoint(HASH_KEY, sealed)).toBe(true);
    expect(verifyCheckpoint(randomBytes(32), sealed)).toBe(false);
    expect(await verifyStoredSession(world.db, chain.sessionId, HASH_KEY)).toMatchObject({ verified: true, summary: "verified" });
  });

  it("gives a Postgres connection's chain a checkpoint of its own, which only the key can make", async () => {
    const { recorder } = await world.start();
    const chain = await recorder.openChain({ ...httpKey(world.connection, serviceAccount()), protocol: "postgres" });
    chain.append(chunkEvent(0));
    chain.close({ type: "session.end", payload: { reason: "client_closed" } });
    await recorder.flush();
    const rows = await eventsOfChain(world.db, chain.chainId);
    const stored = await world.db.sessionCheckpoint.findFirstOrThrow({ where: { chainId: chain.chainId } });
    const sealed: Checkpoint = { scheme: CHECKPOINT_SCHEME, sessionId: stored.sessionId, lastSeq: stored.lastSeq, lastHash: stored.lastHash, mac: stored.mac };
    expect(sealed).toMatchObject({ sessionId: chain.sessionId, lastSeq: rows.length, lastHash: rows.at(-1)?.hash });
    expect(verifyCheckpoint(HASH_KEY, sealed)).toBe(true);
    expect(verifyCheckpoint(randomBytes(32), sealed)).toBe(false);
    expect(verifySession(rows, sealed, HASH_KEY)).toMatchObject({ ok: true, checkpointedThroughSeq: rows.length });
  });

  it("keeps session counters and the console's filters and search text up to date", async () => {
    const { recorder } = await world.start();
    const key = httpKey(world.connection, serviceAccount(), unique("conversation"));
    const first = await recorder.openChain(key);
    first.append(request);
    first.append({ type: "approval.pending", payload: { approvalId: "apr_1", expiresAt: "2030-01-01T00:00:00.000Z" } });
    first.close({ type: "exchange.end", payload: { text: "Done.", usage: null, latencyMs: 3, ttftMs: null, error: { message: "upstream 500" } } });
    const second = await recorder.openChain(key);
    second.close({ type: "guardrail.block", payload: { ruleId: "r1", direction: "response", reason: "shell tool call refused" } });
    recorder.flagSession(first.sessionId, { searchText: "tagged by the data path" });
    await recorder.flush();

    const session = await world.db.recordedSession.findUniqueOrThrow({ where: { id: first.sessionId } });
    expect(session).toMatchObject({ eventCount: 4, exchangeCount: 2, hasApproval: true, hasError: true, hasBlock: true, status: "active" });
    expect(session.searchText).toContain("Summarise the invoice for <EMAIL_1>");
    expect(session.searchText).toContain("shell tool call refused");
    expect(session.searchText).toContain("tagged by the data path");
    const last = await world.db.sessionEvent.findFirstOrThrow({ where: { sessionId: session.id }, orderBy: { at: "desc" } });
    expect(session.lastEventAt.getTime()).toBe(last.at.getTime());
  });

  it("measures event offsets from the start of the session, at the times the data path gives", async () => {
    const start = Date.parse("2026-03-01T12:00:00.000Z");
    const { recorder } = await world.start({ tuning: { clock: () => start } });
    const chain = await recorder.openChain(httpKey(world.connection, serviceAccount()));
    chain.append({ ...request, at: new Date(start + 250) });
    chain.close({ type: "exchange.end", payload: { text: "" }, at: new Date(start + 1_250) });
    await recorder.flush();
    const rows = await eventsOfChain(world.db, chain.chainId);
    expect(rows.map((r) => [r.at.toISOString(), r.offsetMs])).toEqual([
      ["2026-03-01T12:00:00.250Z", 250],
      ["2026-03-01T12:00:01.250Z", 1250],
    ]);
    const session = await world.db.recordedSession.findUniqueOrThrow({ where: { id: chain.sessionId } });
    expect(session.startedAt.toISOString()).toBe("2026-03-01T12:00:00.000Z");
  });

  it("stores payloads PostgreSQL could not take as given, and they still verify", async () => {
    const { recorder, logs } = await world.start();
    const chain = await recorder.openChain(httpKey(world.connection, serviceAccount()));
    const cyclic: Record<string, unknown> = { note: "refers to itself" };
    cyclic.self = cyclic;
    expect(() => {
      chain.append({ type: "exchange.request", payload: { text: "nul\u0000 and lone \ud800 surrogate", ["key\u0000"]: 1, big: 10n ** 20n, nan: Number.NaN, gone: undefined, when: new Date(0) } });
      chain.append({ type: "exchange.request", payload: cyclic });
    }).not.toThrow();
    chain.close();
    await recorder.flush();

    const rows = await eventsOfChain(world.db, chain.chainId);
    expect(rows[0]?.payload).toEqual({ text: "nul\uFFFD and lone \uFFFD surrogate", ["key\uFFFD"]: 1, big: "100000000000000000000", nan: null, when: "1970-01-01T00:00:00.000Z" });
    expect(rows[1]).toMatchObject({ type: "error", payload: { stage: "record" } });
    expect(String((rows[1]?.payload as { message: string }).message)).toContain("exchange.request");
    expect(logs.messages(LEVEL.error).some((m) => m.includes("cannot be encoded"))).toBe(true);
    expect(await verifyStoredChains(world.db, [chain.chainId])).toEqual({ events: 2, problems: [] });
  });
});

describe("trouble", () => {
  it("flush names what is still waiting when PostgreSQL stays away, and completes once it is back", async () => {
    const { recorder } = await world.start();
    const chain = await recorder.openChain(httpKey(world.connection, serviceAccount()));
    world.cutDatabase();
    try {
      chain.close({ type: "exchange.end", payload: { text: "late" } });
      const failure = await recorder.flush({ timeoutMs: 300 }).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(RecorderFlushError);
      expect((failure as Error).message).toMatch(/[1-9]\d* records still waiting/);
      expect(recorder.pending()).toBeGreaterThan(0);
    } finally {
      world.restoreDatabase();
    }
    await recorder.flush();
    expect(recorder.pending()).toBe(0);
    expect(await world.db.sessionEvent.count({ where: { chainId: chain.chainId } })).toBe(1);
  });

  it("sets aside, loudly, records PostgreSQL refuses for good, and keeps recording everything else", async () => {
    const replicaId = unique("replica");
    const { recorder, logs } = await world.start({ replicaId });
    const shortLived = await world.db.connection.create({ data: { name: unique("short-retention"), kind: "openai", upstreamUrl: "https://api.openai.test/v1" } });
    const doomed = await recorder.openChain(httpKey(shortLived, serviceAccount(), unique("purged")));
    const healthy = await recorder.openChain(httpKey(world.connection, serviceAccount()));
    await recorder.flush();
    // The retention purge removes the session while its exchange is still open.
    await world.db.$queryRaw`SELECT * FROM airlock_purge_sessions(now() + interval '1 day', ${shortLived.id})`;
    expect(await world.db.recordedSession.count({ where: { id: doomed.sessionId } })).toBe(0);

    doomed.append(request);
    healthy.append(request);
    healthy.close({ type: "exchange.end", payload: { text: "fine" } });
    await recorder.flush();

    expect(recorder.pending()).toBe(0);
    expect(await verifyStoredChains(world.db, [healthy.chainId])).toEqual({ events: 2, problems: [] });
    expect(logs.messages(LEVEL.error).some((m) => m.includes("refused a record for good"))).toBe(true);
    const rejected = (await readFile(join(world.spoolRoot, replicaId, "rejected.jsonl"), "utf8")).trim().split("\n");
    expect(rejected.map((line) => JSON.parse(line) as { code: string; record: { chainId: string } })).toEqual([
      expect.objectContaining({ code: "23503", record: expect.objectContaining({ chainId: doomed.chainId, seq: 1 }) }),
    ]);
  });

  it("stores a batch written twice (its commit acknowledgement was lost) only once", async () => {
    const { records, chain, sessionId } = sessionWithOneChain(world.connection, "twice");
    chain.append(request);
    chain.close({ type: "guardrail.block", payload: { ruleId: "r1", direction: "request", reason: "blocked twice?" } });
    records.push({ kind: "flags", sessionId, hasError: true, searchText: "flagged once" });
    const writer = createDbWriter({ connectionString: world.database.url, timeoutMs: 5_000, firstSeq: 1, searchTextMax: 10_000, logger: pino({ level: "silent" }) });
    try {
      await writer.write(records);
      await writer.write(records);
    } finally {
      await writer.close();
    }
    const session = await world.db.recordedSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session).toMatchObject({ eventCount: 2, exchangeCount: 1, hasBlock: true, hasError: true });
    expect(session.searchText.split("blocked twice?")).toHaveLength(2);
    expect(session.searchText.split("flagged once")).toHaveLength(2);
    expect(await world.db.sessionCheckpoint.count({ where: { chainId: chain.chainId } })).toBe(1);
    expect(await verifyStoredChains(world.db, [chain.chainId])).toEqual({ events: 2, problems: [] });
  });
});

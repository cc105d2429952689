// How a Postgres connection's statements are stored: a few compact `sql.statements` rows that
// still verify, replay every statement at its own time in order with the connection's other
// events, and feed the console's flags and search; a quiet connection's last statements are
// stored without waiting for more; and spool lines written by the previous release still replay.
// Needs DATABASE_URL (e.g. postgresql://postgres@127.0.0.1:5432/postgres).
import { mkdir, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { computeEventHash, GENESIS_HASH, replayTimeline } from "@airlock/recording";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { FIRST_SEQ } from "../src/recorder";
import { createRecorderWorld, eventsOfChain, httpKey, serviceAccount, unique, verifyStoredChains, type RecorderWorld } from "./recorder-fixtures";

let world: RecorderWorld;

beforeAll(async () => {
  world = await createRecorderWorld();
});

afterAll(async () => {
  await world?.close();
});

const statement = (text: string, extra: Record<string, unknown> = {}) => ({
  type: "sql.statement",
  payload: { text, params: [], command: "SELECT", statementClass: "select", durationMs: 0.5, rowCount: 1, ...extra },
});

describe("SQL statements", () => {
  it("are stored compactly, verify, and replay one by one at their own times, in order with other events", async () => {
    const start = Date.parse("2026-03-01T12:00:00.000Z");
    const { recorder } = await world.start({ tuning: { clock: () => start } });
    const chain = await recorder.openChain({ ...httpKey(world.connection, serviceAccount()), protocol: "postgres" });
    const at = (ms: number) => new Date(start + ms);
    for (let i = 0; i < 300; i++) chain.append({ ...statement(i % 2 ? "SELECT 1" : `SELECT * FROM orders WHERE id = ${i}`), at: at(10 + i) });
    chain.append({ type: "guardrail.block", payload: { ruleId: "r1", direction: "request", reason: "destructive SQL" }, at: at(400) });
    chain.append({ ...statement("TRUNCATE audit_log", { command: null, statementClass: "truncate", rowCount: null, error: { code: "42501", message: "blocked" } }), at: at(401) });
    chain.append({ ...statement("SELECT email FROM customers", { masked: [{ detector: "email", count: 2 }] }), at: at(402) });
    chain.close({ type: "session.end", payload: { reason: "client_closed" }, at: at(500) });
    await recorder.flush();

    const rows = await eventsOfChain(world.db, chain.chainId);
    expect(rows.map((r) => r.type)).toEqual(["sql.statements", "guardrail.block", "sql.statements", "session.end"]);
    expect(await verifyStoredChains(world.db, [chain.chainId])).toEqual({ events: 4, problems: [] });
    // "SELECT 1" ran 150 times and is stored once.
    expect((rows[0]?.payload as { texts: string[] }).texts.filter((t) => t === "SELECT 1")).toHaveLength(1);

    const steps = replayTimeline(rows).flatMap((s) => (s.kind === "event" ? [s] : []));
    const statements = steps.filter((s) => s.event.type === "sql.statement");
    expect(statements).toHaveLength(302);
    expect(statements.slice(0, 3).map((s) => [s.offsetMs, s.title])).toEqual([
      [10, "SELECT * FROM orders WHERE id = 0"],
      [11, "SELECT 1"],
      [12, "SELECT * FROM orders WHERE id = 2"],
    ]);
    expect(steps.slice(-6).map((s) => [s.offsetMs, s.event.type])).toEqual([
      [309, "sql.statement"],
      [400, "guardrail.block"],
      [401, "sql.statement"],
      [402, "sql.statement"],
      [402, "mask.applied"],
      [500, "session.end"],
    ]);

    const session = await world.db.recordedSession.findUniqueOrThrow({ where: { id: chain.sessionId } });
    expect(session).toMatchObject({ hasError: true, hasBlock: true, eventCount: 4 });
    expect(session.searchText).toContain("SELECT * FROM orders WHERE id = 298");
    expect(session.searchText).toContain("TRUNCATE audit_log");
  });

  it("are stored soon after a connection goes quiet, without a flush", async () => {
    const { recorder } = await world.start({ tuning: { statementFlushMs: 20 } });
    const chain = await recorder.openChain({ ...httpKey(world.connection, serviceAccount()), protocol: "postgres" });
    chain.append(statement("SELECT now()"));
    await vi.waitFor(async () => expect(await eventsOfChain(world.db, chain.chainId)).toHaveLength(1), { timeout: 10_000, interval: 25 });
    chain.close();
  });
});

describe("a spool from the previous release", () => {
  it("replays its events, whose payloads were objects, and they still verify", async () => {
    const replicaId = unique("replica");
    const sessionId = `c${unique("v1").replaceAll("-", "")}`;
    const chainId = unique("chain");
    const startedAt = "2026-03-01T12:00:00.000Z";
    const fields = { sessionId, seq: FIRST_SEQ, exchangeId: null, at: "2026-03-01T12:00:00.250Z", offsetMs: 250, type: "sql.statement", payload: { text: "SELECT 1", params: [], command: "SELECT", durationMs: 1, rowCount: 1, error: { code: "XX000", message: "late" } } };
    const records = [
      { kind: "session", id: sessionId, connectionId: world.connection.id, connectionName: world.connection.name, protocol: "postgres", identityKind: "service_account", identityId: "sa-v1", identityLabel: "agent", clientKey: null, startedAt },
      { kind: "event", chainId, ...fields, exchangeId: undefined, prevHash: GENESIS_HASH, hash: computeEventHash(GENESIS_HASH, fields) },
    ];
    const dir = join(world.spoolRoot, replicaId);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, "segment-000000000001.jsonl"), `${JSON.stringify({ v: 1, records })}\n`);

    const { recorder } = await world.start({ replicaId });
    await recorder.flush();
    expect(recorder.pending()).toBe(0);
    const rows = await eventsOfChain(world.db, chainId);
    expect(rows.map((r) => r.payload)).toEqual([fields.payload]);
    expect(await verifyStoredChains(world.db, [chainId])).toEqual({ events: 1, problems: [] });
    const session = await world.db.recordedSession.findUniqueOrThrow({ where: { id: sessionId } });
    expect(session).toMatchObject({ hasError: true });
    expect(session.searchText).toContain("SELECT 1");
  });
});

// Shared set-up for the recorder tests: a migrated database of their own, reached through a TCP
// fault proxy so a test can take PostgreSQL "away" without stopping the shared server, a spool
// directory per test, and helpers that read back what was recorded and verify it.
import { randomBytes } from "node:crypto";
import { mkdtemp, readdir, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { createDb, type Db } from "@airlock/db";
import { createTestDatabase, type TestDatabase } from "@airlock/db/testing";
import { verifyChain, verifySession, CHECKPOINT_SCHEME, type Checkpoint } from "@airlock/recording";
import { startTcpFaultProxy, type TcpFaultProxy } from "@airlock/testkit";
import { pino, type Logger } from "pino";
import type { Registry } from "prom-client";
import { loadGatewayConfig } from "../src/config";
import type { Identity } from "../src/identity";
import { createRecorder, type RecorderTuning } from "../src/recorder";
import type { Recorder, SessionKey } from "../src/recorder/types";
import { ActiveSession } from "../src/recorder/active-session";
import { Chain } from "../src/recorder/chain";
import type { RecorderRecord } from "../src/recorder/records";

export const HASH_KEY = randomBytes(32);

/** Log lines a recorder wrote, parsed, so tests can check that trouble is reported loudly. */
export interface CapturedLogs {
  logger: Logger;
  lines: { level: number; msg: string }[];
  messages(minLevel?: number): string[];
}

export function captureLogs(): CapturedLogs {
  const lines: { level: number; msg: string }[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const text of chunk.toString("utf8").split("\n")) if (text) lines.push(JSON.parse(text) as { level: number; msg: string });
      done();
    },
  });
  return {
    logger: pino({ level: "debug" }, sink),
    lines,
    messages: (minLevel = 0) => lines.filter((l) => l.level >= minLevel).map((l) => l.msg),
  };
}

export const LEVEL = { warn: 40, error: 50 } as const;

export interface StartOptions {
  env?: Record<string, string>;
  tuning?: Partial<RecorderTuning>;
  replicaId?: string;
  metrics?: Registry;
}

export interface RecorderWorld {
  database: TestDatabase;
  /** A direct connection (not through the proxy), for reading back and for seeding. */
  db: Db;
  proxy: TcpFaultProxy;
  connection: { id: string; name: string };
  spoolRoot: string;
  /** A recorder whose database traffic all goes through the proxy. */
  start(options?: StartOptions): Promise<{ recorder: Recorder; logs: CapturedLogs }>;
  /** PostgreSQL "goes away": live connections are reset and new ones refused. */
  cutDatabase(): void;
  restoreDatabase(): void;
  close(): Promise<void>;
}

let counter = 0;
export const unique = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(counter++).toString(36)}`;

export async function createRecorderWorld(): Promise<RecorderWorld> {
  const database = await createTestDatabase("airlock_recorder");
  const db = createDb(database.url, { max: 4 });
  const target = new URL(database.url);
  const proxy = await startTcpFaultProxy({ target: { host: target.hostname, port: Number(target.port || 5432) } });
  const proxied = new URL(database.url);
  proxied.hostname = proxy.host;
  proxied.port = String(proxy.port);
  const connection = await db.connection.create({ data: { name: unique("conn"), kind: "openai", upstreamUrl: "https://api.openai.test/v1" } });
  const spoolRoot = await mkdtemp(join(tmpdir(), "airlock-recorder-test-"));
  const running = new Set<{ recorder: Recorder; db: Db }>();

  return {
    database,
    db,
    proxy,
    connection,
    spoolRoot,
    async start(options = {}) {
      const config = loadGatewayConfig({
        DATABASE_URL: proxied.toString(),
        AIRLOCK_MASTER_KEY: "unused-by-the-recorder",
        AIRLOCK_SPOOL_DIR: spoolRoot,
        ...options.env,
      });
      const logs = captureLogs();
      const recorderDb = createDb(proxied.toString(), { max: 2 });
      const recorder = await createRecorder({
        db: recorderDb,
        config,
        logger: logs.logger,
        replicaId: options.replicaId ?? unique("replica"),
        hashKey: HASH_KEY,
        metrics: options.metrics,
        // Generous lookups: on a busy machine a first Prisma transaction can take over a second, and a
        // lookup that times out starts a second session for the same X-Airlock-Session value.
        tuning: { writeTimeoutMs: 1_000, lookupTimeoutMs: 10_000, retryInitialMs: 20, retryMaxMs: 200, closeTimeoutMs: 2_000, ...options.tuning },
      }).catch(async (error: unknown) => {
        await recorderDb.$disconnect();
        throw error;
      });
      running.add({ recorder, db: recorderDb });
      return { recorder, logs };
    },
    cutDatabase() {
      proxy.refuse(true);
      proxy.cutAll();
    },
    restoreDatabase() {
      proxy.refuse(false);
    },
    async close() {
      proxy.refuse(false);
      try {
        for (const { recorder, db: recorderDb } of running) {
          await recorder.close().catch((error: unknown) => console.error("recorder did not close cleanly:", error));
          await recorderDb.$disconnect();
        }
        await proxy.close();
        await db.$disconnect();
      } finally {
        await database.drop();
        await rm(spoolRoot, { recursive: true, force: true });
      }
    },
  };
}

export function serviceAccount(id = unique("sa")): Identity {
  return { kind: "service_account", id, label: `agent ${id}`, via: "api_key", keyConnectionIds: [] };
}

export function httpKey(connection: { id: string; name: string }, identity: Identity, clientKey?: string): SessionKey {
  return { protocol: "http", connectionId: connection.id, connectionName: connection.name, identity, ...(clientKey ? { clientKey } : {}) };
}

export function chunkEvent(i: number) {
  return { type: "exchange.chunks", payload: { offsetsMs: [i, i + 1], deltas: [`part ${i} `, `and ${i + 1}`] } };
}

export async function eventsOfChain(db: Db, chainId: string) {
  return db.sessionEvent.findMany({ where: { chainId }, orderBy: { seq: "asc" } });
}

/** Every chain's rows: seqs 1..n without gaps, a verifying hash chain, and (if sealed) a matching checkpoint. */
export async function verifyStoredChains(db: Db, chainIds: readonly string[]): Promise<{ events: number; problems: string[] }> {
  const problems: string[] = [];
  const rows = await db.sessionEvent.findMany({ where: { chainId: { in: [...chainIds] } }, orderBy: [{ chainId: "asc" }, { seq: "asc" }] });
  const checkpoints = await db.sessionCheckpoint.findMany({ where: { chainId: { in: [...chainIds] } }, orderBy: { lastSeq: "desc" } });
  for (const chainId of chainIds) {
    const chain = rows.filter((r) => r.chainId === chainId);
    chain.forEach((row, i) => {
      if (row.seq !== i + 1) problems.push(`${chainId}: row ${i} has seq ${row.seq}`);
    });
    const verdict = verifyChain(chain);
    if (!verdict.ok) problems.push(`${chainId}: ${verdict.reason}`);
    const sealed = checkpoints.find((c) => c.chainId === chainId);
    if (sealed) {
      const checkpoint: Checkpoint = { scheme: CHECKPOINT_SCHEME, sessionId: sealed.sessionId, lastSeq: sealed.lastSeq, lastHash: sealed.lastHash, mac: sealed.mac };
      const session = verifySession(chain, checkpoint, HASH_KEY);
      if (!session.ok) problems.push(`${chainId}: checkpoint: ${session.reason}`);
    }
  }
  return { events: rows.length, problems };
}

export async function spoolSegments(spoolRoot: string, replicaId: string): Promise<string[]> {
  const names = await readdir(join(spoolRoot, replicaId)).catch(() => [] as string[]);
  return names.filter((n) => n.startsWith("segment-"));
}

export async function metricValue(registry: Registry, name: string): Promise<number> {
  const metric = await registry.getSingleMetric(name)?.get();
  return (metric?.values ?? []).reduce((sum, v) => sum + v.value, 0);
}

/**
 * A session created in memory with one chain in it, without a recorder: `records` receives the
 * session row and whatever the chain queues, ready to hand to a batch writer directly.
 */
export function sessionWithOneChain(connection: { id: string; name: string }, label: string): { records: RecorderRecord[]; chain: Chain; sessionId: string } {
  const records: RecorderRecord[] = [];
  const startedAt = Date.now();
  const sessionId = `c${unique(label).replaceAll("-", "")}`;
  records.push({
    kind: "session", id: sessionId, connectionId: connection.id, connectionName: connection.name, protocol: "http",
    identityKind: "service_account", identityId: `sa-${label}`, identityLabel: "agent", clientKey: null, startedAt: new Date(startedAt).toISOString(),
  });
  const chain = new Chain(new ActiveSession(sessionId, startedAt, startedAt), true, {
    enqueue: (r) => records.push(r), statementsPending: () => undefined, hashKey: HASH_KEY, clock: Date.now, logger: pino({ level: "silent" }),
  });
  return { records, chain, sessionId };
}

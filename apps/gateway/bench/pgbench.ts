// Postgres through Airlock, measured with pgbench beside the same workload run directly, through
// pgbouncer (session mode) and through a bare Node.js TCP relay (the floor for any Node proxy), in
// one run with the four interleaved round by round, since these shared machines drift. Airlock runs
// as shipped (the bundled build, in a process of its own) with a realistic rule set for the
// connection (an e-mail masking rule and the destructive-SQL guardrail), records every statement,
// and its recorder is drained after each of its runs so that the next target does not pay for it.
//
//   DATABASE_URL=postgresql://postgres@127.0.0.1:5432/postgres npx tsx bench/pgbench.ts
//   (options: PGBENCH_SECONDS, PGBENCH_ROUNDS, PGBENCH_CLIENTS, PGBENCH_WORKERS = AIRLOCK_WORKERS,
//   PGBENCH_NODE_ARGS for the gateway process, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" with
//   PGBENCH_WORKERS=1: the profile is written when the gateway stops; PGBENCH_TARGETS and
//   PGBENCH_MODES, comma-separated subsets, e.g. PGBENCH_TARGETS=airlock PGBENCH_MODES=select-only
//   for a profile of nothing else)
//
// Writes bench/results/pg-<date>.json and prints a table. About 2½ minutes with the defaults.
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { apiKeyColumns, createDb, encryptSecret, generateApiKey } from "@airlock/db";
import { createTestDatabase, testServerUrl, withDatabase } from "@airlock/db/testing";
import pg from "pg";
import { bundleGatewayChild } from "./lib/bundle";
import { startChild } from "./lib/children";
import { startBareProxy } from "./pg/bare-proxy";
import { startPgbouncer } from "./pg/pgbouncer";
import { initialisePgbench, runPgbench, type PgbenchMode, type PgbenchResult, type PgbenchTarget } from "./pg/run-pgbench";

const SECONDS = Number(process.env.PGBENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.PGBENCH_ROUNDS ?? 3);
const CLIENTS = Number(process.env.PGBENCH_CLIENTS ?? 8);
/** Gateway worker processes; unset: the product's default (AIRLOCK_WORKERS). */
const WORKERS = process.env.PGBENCH_WORKERS;
const ALL_MODES: PgbenchMode[] = ["select-only", "simple-update"];
type TargetName = "direct" | "pgbouncer" | "bare-node-proxy" | "airlock";
const ALL_TARGETS: TargetName[] = ["direct", "pgbouncer", "bare-node-proxy", "airlock"];
/** A comma-separated subset from the environment (e.g. only Airlock's select-only, to profile it). */
function subset<T extends string>(all: T[], value: string | undefined): T[] {
  const wanted = value?.split(",").map((name) => name.trim()).filter(Boolean);
  if (!wanted?.length) return all;
  const unknown = wanted.filter((name) => !all.includes(name as T));
  if (unknown.length > 0) throw new Error(`unknown ${unknown.join(", ")}; choose from ${all.join(", ")}`);
  return all.filter((name) => wanted.includes(name));
}
const MODES = subset(ALL_MODES, process.env.PGBENCH_MODES);
const TARGETS = subset(ALL_TARGETS, process.env.PGBENCH_TARGETS);

process.env.DATABASE_URL ??= "postgresql://postgres@127.0.0.1:5432/postgres";
const loadAverageAtStart = os.loadavg()[0];

async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: withDatabase(testServerUrl(), "postgres") });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A port nobody listens on now: the gateway child reports only its HTTP and admin ports. */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", reject);
    probe.listen(0, "127.0.0.1", () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const server = new URL(testServerUrl());
const upstreamDb = `airlock_pgbench_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
await adminQuery(`CREATE DATABASE "${upstreamDb}"`);
const gatewayDb = await createTestDatabase("airlock_pgbench_gw");
const cleanups: (() => Promise<void>)[] = [
  () => gatewayDb.drop(),
  () => adminQuery(`DROP DATABASE IF EXISTS "${upstreamDb}" WITH (FORCE)`),
];

try {
  const serverPassword = server.password ? decodeURIComponent(server.password) : undefined;
  const direct: PgbenchTarget = {
    host: server.hostname,
    port: Number(server.port || 5432),
    database: upstreamDb,
    user: decodeURIComponent(server.username) || "postgres",
    ...(serverPassword ? { password: serverPassword } : {}),
  };
  await initialisePgbench(direct, 10);

  const masterKey = randomBytes(32);
  const db = createDb(gatewayDb.url, { max: 2 });
  const account = await db.serviceAccount.create({ data: { name: "bench-agent" } });
  const key = generateApiKey();
  const keyColumns = apiKeyColumns(key);
  await db.apiKey.create({ data: { name: "bench", ...keyColumns, serviceAccountId: account.id } });
  const connection = await db.connection.create({
    data: {
      name: "bench-pg",
      kind: "postgres",
      upstreamUrl: `postgresql://${direct.user}@${direct.host}:${direct.port}/${upstreamDb}`,
      credentialCiphertext: encryptSecret(masterKey, serverPassword ?? "unused-with-trust-auth"),
      options: { sslmode: "disable" },
      allowPrivateNetwork: true,
    },
  });
  await db.connectionGrant.create({ data: { connectionId: connection.id, serviceAccountId: account.id } });
  await db.maskingRule.create({ data: { name: "emails", detector: "email", directions: ["request", "response"], connectionId: connection.id } });
  await db.guardrailRule.create({ data: { name: "No destructive SQL", kind: "sql", builtin: "destructive_sql", directions: ["request"], connectionId: connection.id } });
  await db.$disconnect();

  // Its own output folder: the HTTP bench may be bundling into bench/dist at the same time.
  const bundle = await bundleGatewayChild(path.join(here, "pg", "dist"));
  const gatewayPgPort = await freePort();
  const gateway = await startChild("gateway", bundle, {
    env: {
      DATABASE_URL: gatewayDb.url,
      AIRLOCK_MASTER_KEY: masterKey.toString("base64"),
      AIRLOCK_HOST: "127.0.0.1",
      AIRLOCK_GATEWAY_PORT: "0",
      AIRLOCK_PG_PORT: String(gatewayPgPort),
      AIRLOCK_ADMIN_PORT: "0",
      AIRLOCK_LOG_LEVEL: "warn",
      AIRLOCK_SPOOL_DIR: mkdtempSync(path.join(os.tmpdir(), "airlock-pgbench-spool-")),
      ...(WORKERS ? { AIRLOCK_WORKERS: WORKERS } : {}),
    },
    nodeArgs: process.env.PGBENCH_NODE_ARGS?.split(" ").filter(Boolean) ?? [],
  });
  cleanups.unshift(() => gateway.stop());
  /** Waits until the recorder has stored everything (untimed), so the next run starts level. */
  const drainRecorder = async () => {
    const left = await gateway.command<number>("flush", 200_000);
    if (left !== 0) console.log(`  the recorder still holds ${left} events after flushing`);
  };
  const bouncer = await startPgbouncer({ upstreamHost: direct.host, upstreamPort: direct.port, database: upstreamDb, user: direct.user, ...(serverPassword ? { password: serverPassword } : {}), poolSize: CLIENTS + 2 });
  cleanups.unshift(() => bouncer.stop());
  const bare = await startBareProxy({ host: direct.host, port: direct.port });
  cleanups.unshift(() => bare.close());

  const targets: Record<TargetName, PgbenchTarget> = {
    direct,
    pgbouncer: { host: "127.0.0.1", port: bouncer.port, database: "bench", user: direct.user },
    "bare-node-proxy": { ...direct, host: "127.0.0.1", port: bare.port },
    airlock: { host: "127.0.0.1", port: gatewayPgPort, database: "bench-pg", user: keyColumns.pgUser, password: key },
  };

  // Warm-up: caches, connection setup and the upstream's buffers, for every target.
  for (const target of TARGETS) await runPgbench(targets[target], "select-only", { clients: CLIENTS, threads: 2, seconds: 2 });
  await drainRecorder();

  const runs: { round: number; mode: PgbenchMode; target: TargetName; result: PgbenchResult }[] = [];
  for (let round = 1; round <= ROUNDS; round++) {
    for (const mode of MODES) {
      // Rotate the order each round so no target always runs first (or last) in a round.
      const order = TARGETS.map((_, i) => TARGETS[(i + round) % TARGETS.length]!);
      for (const target of order) {
        const result = await runPgbench(targets[target], mode, { clients: CLIENTS, threads: 2, seconds: SECONDS });
        runs.push({ round, mode, target, result });
        if (target === "airlock") await drainRecorder();
        console.log(`round ${round} ${mode.padEnd(13)} ${target.padEnd(9)} ${result.tps.toFixed(0).padStart(7)} tps  avg ${result.latencyAvgMs.toFixed(2)} ms  p99 ${result.latencyP99Ms.toFixed(2)} ms`);
      }
    }
  }
  await drainRecorder();
  const recorded = await (async () => {
    const check = createDb(gatewayDb.url, { max: 1 });
    try {
      // Statements are stored a connection's batch at a time, in compact `sql.statements` events.
      const [row] = await check.$queryRaw<{ n: bigint }[]>`
        SELECT coalesce(sum(CASE WHEN "type" = 'sql.statements' THEN jsonb_array_length("payload"->'statements') ELSE 1 END), 0)::bigint AS n
          FROM "SessionEvent" WHERE "type" IN ('sql.statement', 'sql.statements')`;
      return Number(row?.n ?? 0);
    } finally {
      await check.$disconnect();
    }
  })();

  const summary = MODES.flatMap((mode) => {
    const directTps = median(runs.filter((r) => r.mode === mode && r.target === "direct").map((r) => r.result.tps));
    const directP50 = median(runs.filter((r) => r.mode === mode && r.target === "direct").map((r) => r.result.latencyP50Ms));
    return TARGETS.map((target) => {
      const mine = runs.filter((r) => r.mode === mode && r.target === target).map((r) => r.result);
      const tps = median(mine.map((r) => r.tps));
      return {
        mode,
        target,
        tps: Math.round(tps),
        tpsRatioToDirect: Math.round((tps / directTps) * 1000) / 1000,
        latencyAvgMs: Math.round(median(mine.map((r) => r.latencyAvgMs)) * 1000) / 1000,
        latencyP50Ms: Math.round(median(mine.map((r) => r.latencyP50Ms)) * 1000) / 1000,
        latencyP99Ms: Math.round(median(mine.map((r) => r.latencyP99Ms)) * 1000) / 1000,
        addedP50Ms: Math.round((median(mine.map((r) => r.latencyP50Ms)) - directP50) * 1000) / 1000,
        failed: mine.reduce((n, r) => n + r.failed, 0),
      };
    });
  });

  console.log("\nmedians over rounds (clients=%d, %ds per run, %d rounds)", CLIENTS, SECONDS, ROUNDS);
  console.table(summary);
  console.log(`statements recorded by Airlock: ${recorded}`);

  const resultsDir = path.resolve(here, "../../../bench/results");
  mkdirSync(resultsDir, { recursive: true });
  const file = path.join(resultsDir, `pg-${new Date().toISOString().replace(/[:.]/g, "-")}.json`);
  writeFileSync(
    file,
    `${JSON.stringify(
      {
        benchmark: "pgbench through Airlock vs direct, pgbouncer (session mode) and a bare Node.js TCP relay",
        settings: { clients: CLIENTS, threads: 2, secondsPerRun: SECONDS, rounds: ROUNDS, scale: 10, protocol: "simple", modes: MODES, targets: TARGETS, gatewayWorkers: WORKERS ?? "AIRLOCK_WORKERS default" },
        machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, node: process.version, loadAverageAtStart },
        airlock: { rules: ["email masking (both directions)", "destructive_sql guardrail"], statementsRecorded: recorded },
        summary,
        runs,
      },
      null,
      2,
    )}\n`,
  );
  console.log(`results: ${path.relative(process.cwd(), file)}`);
} finally {
  for (const cleanup of cleanups) await cleanup().catch((error: unknown) => console.error("cleanup failed:", error));
}

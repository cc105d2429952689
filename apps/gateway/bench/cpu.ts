// `pnpm --filter @airlock/gateway bench:cpu`: the gateway's CPU time per request (and PostgreSQL's,
// for recording), without the full bench. CPU time from /proc barely moves when other work shares
// the machine, so this is the number to compare before and after a change on a busy machine.
//
//   tsx bench/cpu.ts [--seconds 4] [--runs 3] [--connections 16] [--workers 1] [--warmup-seconds 5] [--profile]
//
// One gateway (bundled like dist/main.js), the bench upstream, closed-loop wrk runs per case
// (masked 1 KB, masked 16 KB, plain 1 KB), each followed by the recorder's backlog; the median of
// --runs is printed. --profile also writes a V8 CPU profile per case (one run each) and prints its
// summary.
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bundleGatewayChild } from "./lib/bundle";
import { GATEWAY_DIR, startChild, type BenchChild } from "./lib/children";
import { openBenchDatabase } from "./lib/database";
import { benchGatewayEnv } from "./lib/gateway-env";
import { settleRecorder, writeBodies, type Size } from "./lib/load-phases";
import { loadAverage } from "./lib/machine";
import { watchPostgresCpu } from "./lib/postgres-cpu";
import { summariseProfile } from "./lib/profile";
import { MASKED_CONNECTION, PLAIN_CONNECTION, seedBench } from "./lib/seed";
import { median } from "./lib/stats";
import { requireWrk, runWrk } from "./lib/wrk";

const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--"));
const { values: flags } = parseArgs({
  args: argv,
  options: {
    seconds: { type: "string", default: "4" },
    runs: { type: "string", default: "3" },
    connections: { type: "string", default: "16" },
    workers: { type: "string", default: "1" },
    profile: { type: "boolean", default: false },
    // Per case, before measuring: JIT, caches and (per worker) Prisma's query compiler warm up.
    "warmup-seconds": { type: "string", default: "5" },
  },
});
const seconds = Number(flags.seconds);
const runs = Number(flags.runs);
const connections = Number(flags.connections);
const log = (message: string) => process.stderr.write(`${message}\n`);
const cases: { connection: string; size: Size }[] = [
  { connection: MASKED_CONNECTION, size: "1k" },
  { connection: MASKED_CONNECTION, size: "16k" },
  { connection: PLAIN_CONNECTION, size: "1k" },
];

requireWrk();
const database = await openBenchDatabase();
const work = mkdtempSync(path.join(os.tmpdir(), "airlock-bench-cpu-"));
const children: BenchChild[] = [];
try {
  const bodies = writeBodies(work);
  const bundle = await bundleGatewayChild();
  const upstream = await startChild("upstream", "upstream");
  children.push(upstream);
  const seed = await seedBench(database.url, `http://127.0.0.1:${upstream.ports.http}`);
  const profileDir = mkdtempSync(path.join(os.tmpdir(), "airlock-bench-profile-"));
  const gatewayEnv = (name: string): NodeJS.ProcessEnv => ({
    ...benchGatewayEnv(name, { databaseUrl: database.url, masterKey: seed.masterKey, work, workers: flags.profile ? 1 : Number(flags.workers) }),
    BENCH_PROFILE_FILE: path.join(profileDir, "latest.cpuprofile"),
  });
  const auth = `Bearer ${seed.apiKey}`;
  const postgres = await watchPostgresCpu(database.url);
  log(`load average ${loadAverage()}; ${runs} × ${seconds}s per case, ${connections} connections, workers ${flags.profile ? 1 : flags.workers}`);
  const gateway = await startChild("gateway", bundle, { env: gatewayEnv("cpu"), nodeArgs: flags.profile ? ["--enable-source-maps"] : [] });
  children.push(gateway);
  const urlOf = (connection: string) => `http://127.0.0.1:${gateway.ports.http}/c/${connection}/v1/chat/completions`;
  for (const c of cases) await runWrk({ url: urlOf(c.connection), bodyFile: bodies[c.size], auth, connections, durationS: Number(flags["warmup-seconds"]) });
  await settleRecorder({ gateway });
  for (const c of cases) {
    const gatewayUs: number[] = [];
    const postgresUs: number[] = [];
    const rates: number[] = [];
    const p99s: number[] = [];
    let errors = 0;
    for (let run = 0; run < runs; run++) {
      const cpuBefore = gateway.cpuMs()!;
      const pgBefore = (await postgres.read()) ?? 0;
      const profiling = flags.profile && run === 0;
      if (profiling) await gateway.command("profile-start");
      const r = await runWrk({ url: urlOf(c.connection), bodyFile: bodies[c.size], auth, connections, durationS: seconds });
      await settleRecorder({ gateway });
      if (profiling) {
        const file = path.join(profileDir, `gateway-${c.connection}-${c.size}.cpuprofile`);
        renameSync(await gateway.command<string>("profile-stop"), file);
        const summary = summariseProfile(file, path.resolve(GATEWAY_DIR, "..", ".."));
        log(`profile ${c.connection} ${c.size}: ${file}`);
        for (const a of summary.areas.slice(0, 8)) log(`  ${a.percent.toFixed(1).padStart(5)}%  ${a.area}`);
        for (const h of summary.functions.slice(0, 25)) log(`  ${h.percent.toFixed(1).padStart(5)}%  ${h.name}  ${h.where}`);
      }
      gatewayUs.push(((gateway.cpuMs()! - cpuBefore) * 1000) / r.requests);
      postgresUs.push(((((await postgres.read()) ?? 0) - pgBefore) * 1000) / r.requests);
      rates.push(r.requests / (r.durationUs / 1e6));
      p99s.push(r.latencyUs.p99 / 1000);
      errors += r.errors.status + r.errors.timeout + r.errors.read + r.errors.connect;
    }
    console.log(
      `${`${c.connection} ${c.size}`.padEnd(18)} gateway ${Math.round(median(gatewayUs))} µs/req (runs ${gatewayUs.map(Math.round).join(", ")}), ` +
        `PostgreSQL ${Math.round(median(postgresUs))} µs/req, ${Math.round(median(rates))} req/s, p99 ${median(p99s).toFixed(1)} ms, ${errors} errors`,
    );
  }
  await postgres.close();
} catch (error) {
  log(`bench:cpu failed: ${(error as Error)?.stack ?? String(error)}`);
  process.exitCode = 1;
} finally {
  for (const child of children.reverse()) await child.stop().catch(() => undefined);
  await database.close();
  rmSync(work, { recursive: true, force: true });
}

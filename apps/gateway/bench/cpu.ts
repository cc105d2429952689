// `pnpm --filter @airlock/gateway bench:cpu`: the gateway's CPU time per request (and PostgreSQL's,
// for recording), without the full bench. CPU time from /proc barely moves when other work shares
// the machine, so this is the number to compare before and after a change on a busy machine.
//
//   tsx bench/cpu.ts [--seconds 4] [--runs 3] [--connections 16] [--workers 1] [--warmup-seconds 5] [--profile]
//                    [--cases masked-1k,masked-16k,plain-1k,plain-16k] [--baseline <bundle.js>] [--node-args="<flags>"]
//                    [--rate <req/s>] [--baseline-node-args="<flags>"] [--env NAME=value …] [--gc]
//
// One gateway (bundled like dist/main.js), the bench upstream, closed-loop wrk runs per case
// (masked 1 KB, masked 16 KB, plain 1 KB), each followed by the recorder's backlog; the median of
// --runs is printed. --profile also writes a V8 CPU profile per case (one run each) and prints its
// summary. --baseline also starts an earlier bundle (a copy of bench/dist/ kept from before a
// change, with a node_modules link to the gateway's) and alternates runs between the two, so both
// meet the same load from the rest of the machine: on a shared machine, the fair before/after.
// --node-args: extra node flags for the measured gateway only (e.g. a V8 heap setting against the
// same bundle as --baseline), added to the gateway's own (node-flags.json); --baseline-node-args
// replaces the baseline's (e.g. --baseline-node-args= runs it with none). --env (repeatable) sets a
// variable for the measured gateway only, e.g. --env AIRLOCK_RECORDER_FLUSH_MS=10 against the same
// bundle as --baseline.
// --rate: paced (open-loop) runs at this many requests/s instead of closed-loop ones, for comparing
// latency (p50 and p99 are printed) rather than throughput; the full bench paces at 500 req/s with
// 32 connections.
// --gc: also the gateways' garbage-collection pauses over each case's runs (scavenges and
// mark-compacts: count, mean, longest and total), from perf_hooks; single process only, as --profile.
import { mkdtempSync, renameSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bundleGatewayChild } from "./lib/bundle";
import { GATEWAY_DIR, startChild, type BenchChild } from "./lib/children";
import { openBenchDatabase } from "./lib/database";
import { benchGatewayEnv } from "./lib/gateway-env";
import { settleRecorder, writeBodies, type Size } from "./lib/load-phases";
import { addPauses, describePauses, emptyPauses, type GcPauses } from "./lib/gc-pauses";
import { loadAverage } from "./lib/machine";
import { watchPostgresCpu } from "./lib/postgres-cpu";
import { summariseProfile } from "./lib/profile";
import { MASKED_CONNECTION, PLAIN_CONNECTION, seedBench } from "./lib/seed";
import { median } from "./lib/stats";
import { GATEWAY_NODE_FLAGS } from "../src/node-flags";
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
    gc: { type: "boolean", default: false },
    cases: { type: "string", default: "masked-1k,masked-16k,plain-1k" },
    baseline: { type: "string" },
    "node-args": { type: "string", default: "" },
    "baseline-node-args": { type: "string" },
    rate: { type: "string" },
    env: { type: "string", multiple: true, default: [] },
    // Per case, before measuring: JIT, caches and (per worker) Prisma's query compiler warm up.
    "warmup-seconds": { type: "string", default: "5" },
  },
});
const seconds = Number(flags.seconds);
// A V8 profile and GC pauses are one isolate's.
const singleProcess = flags.profile || flags.gc;
const runs = Number(flags.runs);
const connections = Number(flags.connections);
const extraEnv = Object.fromEntries(
  flags.env.map((pair) => {
    const at = pair.indexOf("=");
    if (at < 1) throw new Error(`--env takes NAME=value, not '${pair}'`);
    return [pair.slice(0, at), pair.slice(at + 1)];
  }),
);
const rate = flags.rate === undefined ? undefined : Number(flags.rate);
if (rate !== undefined && !(rate > 0)) throw new Error(`--rate must be a positive number of requests per second, not '${flags.rate}'`);
const log = (message: string) => process.stderr.write(`${message}\n`);
const ALL_CASES: Record<string, { connection: string; size: Size }> = {
  "masked-1k": { connection: MASKED_CONNECTION, size: "1k" },
  "masked-16k": { connection: MASKED_CONNECTION, size: "16k" },
  "plain-1k": { connection: PLAIN_CONNECTION, size: "1k" },
  "plain-16k": { connection: PLAIN_CONNECTION, size: "16k" },
};
const cases = flags.cases.split(",").map((name) => {
  const found = ALL_CASES[name.trim()];
  if (!found) throw new Error(`unknown case '${name}' (known: ${Object.keys(ALL_CASES).join(", ")})`);
  return found;
});

interface Measured {
  gatewayUs: number[];
  postgresUs: number[];
  rates: number[];
  p50s: number[];
  p99s: number[];
  errors: number;
  /** Undefined when the gateway cannot report pauses (a baseline bundle from before --gc). */
  gc: GcPauses | undefined;
}

/** The pauses since the last call, or undefined when the bundle has no `gc-pauses` command. */
async function takePauses(child: BenchChild): Promise<GcPauses | undefined> {
  return child.command<GcPauses>("gc-pauses").catch(() => undefined);
}

function report(label: string, m: Measured): string {
  return (
    `${label.padEnd(27)} gateway ${Math.round(median(m.gatewayUs))} µs/req (runs ${m.gatewayUs.map(Math.round).join(", ")}), ` +
    `PostgreSQL ${Math.round(median(m.postgresUs))} µs/req, ${Math.round(median(m.rates))} req/s, p50 ${median(m.p50s).toFixed(2)} ms, p99 ${median(m.p99s).toFixed(2)} ms, ${m.errors} errors` +
    (flags.gc ? `\n${"".padEnd(27)} GC over the runs: ${m.gc ? describePauses(m.gc) : "not reported by this bundle"}` : "")
  );
}

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
    ...benchGatewayEnv(name, { databaseUrl: database.url, masterKey: seed.masterKey, work, workers: singleProcess ? 1 : Number(flags.workers) }),
    BENCH_PROFILE_FILE: path.join(profileDir, "latest.cpuprofile"),
    ...(flags.gc ? { BENCH_GC_PAUSES: "1" } : {}),
  });
  const auth = `Bearer ${seed.apiKey}`;
  const postgres = await watchPostgresCpu(database.url);
  log(`load average ${loadAverage()}; ${runs} × ${seconds}s per case, ${connections} connections, workers ${singleProcess ? 1 : flags.workers}`);
  const words = (text: string) => text.split(" ").filter(Boolean);
  // Both run with the product's node flags unless --baseline-node-args says otherwise.
  const nodeArgs = [...GATEWAY_NODE_FLAGS, ...(flags.profile ? ["--enable-source-maps"] : []), ...words(flags["node-args"])];
  const gateway = await startChild("gateway", bundle, { env: { ...gatewayEnv("cpu"), ...extraEnv }, nodeArgs });
  children.push(gateway);
  const targets: { name: string; child: BenchChild }[] = [{ name: "", child: gateway }];
  if (flags.baseline) {
    const baseline = await startChild("baseline gateway", path.resolve(flags.baseline), { env: gatewayEnv("cpu-baseline"), nodeArgs: flags["baseline-node-args"] === undefined ? [...GATEWAY_NODE_FLAGS] : words(flags["baseline-node-args"]) });
    children.push(baseline);
    targets.unshift({ name: "baseline", child: baseline });
  }
  const urlOf = (child: BenchChild, connection: string) => `http://127.0.0.1:${child.ports.http}/c/${connection}/v1/chat/completions`;
  for (const { child } of targets) {
    for (const c of cases) await runWrk({ url: urlOf(child, c.connection), bodyFile: bodies[c.size], auth, connections, durationS: Number(flags["warmup-seconds"]) });
    await settleRecorder({ gateway: child });
  }
  for (const c of cases) {
    const measured = targets.map((): Measured => ({ gatewayUs: [], postgresUs: [], rates: [], p50s: [], p99s: [], errors: 0, gc: emptyPauses() }));
    for (let run = 0; run < runs; run++) {
      // Alternating which goes first keeps a drift of the machine's load from favouring one.
      const order = targets.map((_, i) => i);
      if (run % 2 === 1) order.reverse();
      for (const t of order) {
        const { child, name } = targets[t]!;
        const m = measured[t]!;
        const cpuBefore = child.cpuMs()!;
        const pgBefore = (await postgres.read()) ?? 0;
        const profiling = flags.profile && run === 0 && name === "";
        if (profiling) await child.command("profile-start");
        if (flags.gc) await takePauses(child);
        const r = await runWrk({ url: urlOf(child, c.connection), bodyFile: bodies[c.size], auth, connections, durationS: seconds, rate });
        // Before the backlog is written: the pauses the measured requests met.
        if (flags.gc) {
          const pauses = await takePauses(child);
          if (pauses && m.gc) addPauses(m.gc, pauses);
          else m.gc = undefined;
        }
        await settleRecorder({ gateway: child });
        if (profiling) {
          const file = path.join(profileDir, `gateway-${c.connection}-${c.size}.cpuprofile`);
          renameSync(await child.command<string>("profile-stop"), file);
          const summary = summariseProfile(file, path.resolve(GATEWAY_DIR, "..", ".."));
          log(`profile ${c.connection} ${c.size}: ${file}`);
          for (const a of summary.areas.slice(0, 8)) log(`  ${a.percent.toFixed(1).padStart(5)}%  ${a.area}`);
          for (const h of summary.functions.slice(0, 25)) log(`  ${h.percent.toFixed(1).padStart(5)}%  ${h.name}  ${h.where}`);
        }
        m.gatewayUs.push(((child.cpuMs()! - cpuBefore) * 1000) / r.requests);
        m.postgresUs.push(((((await postgres.read()) ?? 0) - pgBefore) * 1000) / r.requests);
        m.rates.push(r.requests / (r.durationUs / 1e6));
        m.p50s.push(r.latencyUs.p50 / 1000);
        m.p99s.push(r.latencyUs.p99 / 1000);
        m.errors += r.errors.status + r.errors.timeout + r.errors.read + r.errors.connect;
      }
    }
    targets.forEach(({ name }, t) => console.log(report(`${c.connection} ${c.size}${name ? ` ${name}` : ""}`, measured[t]!)));
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

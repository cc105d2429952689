// `pnpm bench` (gateway part): Airlock's HTTP data path against a direct call, a bare Node proxy
// and itself without rules or recording, in one interleaved run on loopback. Writes
// bench/results/http-<timestamp>.json at the repository root and prints a table.
//
//   tsx bench/run.ts [--reps 3] [--rate 500] [--paced-seconds 4] [--unloaded-seconds 2] [--max-seconds 4] [--ttft 100]
//                    [--streams 1000] [--stream-seconds 10] [--stream-context-kb 16] [--profile] [--quick] [--workers N]
//
// PostgreSQL: AIRLOCK_TEST_DATABASE_URL or DATABASE_URL (a database of its own is created and
// dropped), otherwise an embedded server from node_modules.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { bundleGatewayChild } from "./lib/bundle";
import { GATEWAY_DIR, startChild, type BenchChild } from "./lib/children";
import { openBenchDatabase } from "./lib/database";
import { benchGatewayEnv } from "./lib/gateway-env";
import { runRep, warmUp, writeBodies, type LoadSettings, type RepResult } from "./lib/load-phases";
import { describeMachine, loadAverage } from "./lib/machine";
import type { HeapSpaceMB } from "./lib/ipc";
import { runMaskingBench } from "./lib/masking";
import { profileGateway, type ProfileResult } from "./lib/profile-phase";
import { checkRecording, type RecordingCheck } from "./lib/recording-check";
import { requestBody } from "./lib/payloads";
import { checkTargets, renderReport, renderStreams, summarise } from "./lib/report";
import { watchPostgresCpu, type PostgresCpu } from "./lib/postgres-cpu";
import { MASKED_CONNECTION, MASKING_DETECTORS, PLAIN_CONNECTION, seedBench } from "./lib/seed";
import { runConcurrentStreams, type ConcurrentStreamsOptions, type ConcurrentStreamsResult } from "./lib/streams";
import { buildTargets, TARGET_DESCRIPTIONS, type TargetName } from "./lib/targets";
import { requireWrk } from "./lib/wrk";
import { GATEWAY_NODE_FLAGS } from "../src/node-flags";

// Defaults, and the shorter ones of --quick (a smoke run: one repetition, short runs).
const DEFAULTS = {
  reps: [3, 1],
  rate: [500, 500],
  "paced-seconds": [4, 2],
  "unloaded-seconds": [2, 1],
  "paced-connections": [32, 32],
  "max-seconds": [4, 2],
  "max-connections": [64, 64],
  "warmup-seconds": [2, 1],
  ttft: [100, 20],
  streams: [1000, 200],
  "stream-seconds": [10, 3],
  // The retrieved text in the system prompt of the second streams phase (KB).
  "stream-context-kb": [16, 16],
  "profile-seconds": [8, 4],
} as const;
type NumericFlag = keyof typeof DEFAULTS;

// `pnpm bench -- --quick` hands the script a literal "--" first; everything after it is ours.
const argv = process.argv.slice(2).filter((arg, i) => !(i === 0 && arg === "--"));
const { values: flags } = parseArgs({
  args: argv,
  options: {
    ...(Object.fromEntries(Object.keys(DEFAULTS).map((name) => [name, { type: "string" }])) as Record<NumericFlag, { type: "string" }>),
    profile: { type: "boolean", default: false },
    "skip-unrecorded": { type: "boolean", default: false },
    "skip-masking": { type: "boolean", default: false },
    quick: { type: "boolean", default: false },
    // Worker processes per gateway (AIRLOCK_WORKERS); the product's default when not given.
    workers: { type: "string" },
  },
  allowPositionals: false,
});

const quick = flags.quick === true;
const num = (name: NumericFlag): number => {
  const given = flags[name];
  const value = given === undefined ? DEFAULTS[name][quick ? 1 : 0] : Number(given);
  // --reps 0 skips the load phases (e.g. to measure streams on a fresh gateway).
  if (!Number.isFinite(value) || value < 0 || (value === 0 && name !== "reps")) throw new Error(`--${name} must be a positive number`);
  return value;
};
const settings: LoadSettings = {
  reps: num("reps"),
  rate: num("rate"),
  pacedConnections: num("paced-connections"),
  pacedSeconds: num("paced-seconds"),
  unloadedSeconds: num("unloaded-seconds"),
  maxConnections: num("max-connections"),
  maxSeconds: num("max-seconds"),
  warmupSeconds: num("warmup-seconds"),
  ttftPerRep: num("ttft"),
};
const streamCount = num("streams");
const streamSeconds = num("stream-seconds");
const streamContextKB = num("stream-context-kb");
// Default: the product's default (AIRLOCK_WORKERS=1).
const workers = flags.workers === undefined ? 1 : Number(flags.workers);
if (!Number.isInteger(workers) || workers < 1) throw new Error("--workers must be a whole number, 1 or more");

const log = (message: string) => process.stderr.write(`${message}\n`);
const repoRoot = path.resolve(GATEWAY_DIR, "..", "..");
const invokedAs = ["tsx", "bench/run.ts", ...process.argv.slice(2)].join(" ");

const wrkVersion = requireWrk();
const machine = describeMachine();
const startedAt = new Date();
log(`Airlock HTTP bench: ${machine.nproc} × ${machine.cpuModel}, ${machine.memoryGB} GB, Node ${machine.node}, load average ${machine.loadAverageAtStart}; gateway workers: ${workers}`);
if (machine.loadAverageAtStart > machine.nproc) log(`  warning: the machine is already busy (load ${machine.loadAverageAtStart} on ${machine.nproc} cores); results will be noisy`);

const database = await openBenchDatabase();
const work = mkdtempSync(path.join(os.tmpdir(), "airlock-bench-"));
const bodies = writeBodies(work);
const children: BenchChild[] = [];
const reps: RepResult[] = [];
let streams: ConcurrentStreamsResult | undefined;
// The same streams with a long prompt each, and through the bare proxy (the floor for a Node proxy).
let longPromptStreams: ConcurrentStreamsResult | undefined;
let bareProxyStreams: ConcurrentStreamsResult | undefined;
let recording: RecordingCheck[] = [];
let upstreamServed: unknown;
let profiles: ProfileResult[] | undefined;
let masking: unknown;
let failure: Error | undefined;
let bundle = "";
// The gateway's memory after a full GC at each stage, to tell retained memory from garbage.
const memory: Record<string, Record<string, number>> = {};
// V8's heap spaces at the same moments (committed / used MB): how much of the heap is young
// generation, old generation and large objects, which process.memoryUsage() does not tell.
const heapSpaces: Record<string, HeapSpaceMB[]> = {};
let postgresCpu: PostgresCpu | undefined;

try {
  log("Building the gateway bundle and starting upstream, gateways and bare proxy…");
  bundle = await bundleGatewayChild();
  const upstream = await startChild("upstream", "upstream", { env: { BENCH_SLOW_STREAM_MS: String(streamSeconds * 1000) } });
  children.push(upstream);
  const upstreamUrl = `http://127.0.0.1:${upstream.ports.http}`;
  const seed = await seedBench(database.url, upstreamUrl);
  const gatewayEnv = (name: string) => benchGatewayEnv(name, { databaseUrl: database.url, masterKey: seed.masterKey, work, workers });
  // --expose-gc only makes global.gc() callable, for the retained-memory readings between phases.
  const gateway = await startChild("gateway", bundle, { env: gatewayEnv("bench"), nodeArgs: [...GATEWAY_NODE_FLAGS, "--expose-gc"] });
  children.push(gateway);
  const unrecordedGateway = flags["skip-unrecorded"]
    ? undefined
    : await startChild("gateway (stub recorder)", bundle, { env: { ...gatewayEnv("bench-unrecorded"), BENCH_STUB_RECORDER: "1" }, nodeArgs: [...GATEWAY_NODE_FLAGS, "--expose-gc"] });
  if (unrecordedGateway) children.push(unrecordedGateway);
  const proxy = await startChild("bare proxy", "bare-proxy", { env: { BENCH_UPSTREAM_URL: upstreamUrl } });
  children.push(proxy);
  const retained = async (stage: string) => {
    const usage = await gateway.command<NodeJS.MemoryUsage>("memory-after-gc");
    memory[stage] = Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, Math.round(v / 2 ** 20)]));
    heapSpaces[stage] = await gateway.command<HeapSpaceMB[]>("heap-spaces");
  };
  await retained("atStart");
  postgresCpu = await watchPostgresCpu(database.url);
  const targets = buildTargets({ upstream, gateway, unrecordedGateway, proxy, apiKey: seed.apiKey });

  if (settings.reps > 0) {
    log(`Warming up (${settings.warmupSeconds}s per configuration and size)…`);
    await warmUp(targets, bodies, settings);
  }
  for (let rep = 0; rep < settings.reps; rep++) {
    log(`Repetition ${rep + 1} of ${settings.reps} (load average ${loadAverage()})`);
    reps.push(await runRep(rep, targets, bodies, settings, postgresCpu));
  }
  await retained("afterLoad");

  const streamsThrough = (target: TargetName, of: BenchChild, more: Partial<ConcurrentStreamsOptions> = {}) =>
    runConcurrentStreams({
      url: targets.find((t) => t.name === target)!.url,
      auth: `Bearer ${seed.apiKey}`,
      streams: streamCount,
      rss: () => of.rssBytes(),
      streamMs: streamSeconds * 1000,
      timeoutMs: streamSeconds * 1000 * 4 + 30_000,
      ...more,
    });
  log(`${streamCount} concurrent streams of ${streamSeconds}s through Airlock (masked)…`);
  streams = await streamsThrough("airlock-masked", gateway, {
    memoryUsage: async () => {
      const usage = await gateway.command<NodeJS.MemoryUsage>("memory");
      heapSpaces.midStreams = await gateway.command<HeapSpaceMB[]>("heap-spaces");
      return usage;
    },
  });

  if (streams.midStreamMemoryMB) memory.midStreams = streams.midStreamMemoryMB;
  await retained("afterStreams");

  // A gateway that kept each open stream's request would need memory in proportion to prompt size.
  log(`${streamCount} concurrent streams again, each with ${streamContextKB} KB of retrieved text in its prompt…`);
  longPromptStreams = await streamsThrough("airlock-masked", gateway, { body: Buffer.from(requestBody("sse-slow", streamContextKB * 1024)) });
  log(`${streamCount} concurrent streams through the bare proxy…`);
  bareProxyStreams = await streamsThrough("bare-proxy", proxy);

  log("Flushing the recorder and counting recorded exchanges…");
  const left = await gateway.command<number>("flush", 200_000);
  if (left !== 0) log(`  the recorder still holds ${left} events after flushing`);
  recording = [
    await checkRecording(gateway, database.url, MASKED_CONNECTION, seed.connectionIds[MASKED_CONNECTION]),
    await checkRecording(gateway, database.url, PLAIN_CONNECTION, seed.connectionIds[PLAIN_CONNECTION]),
  ];
  upstreamServed = await upstream.command("served");
  for (const child of [gateway, ...(unrecordedGateway ? [unrecordedGateway] : []), proxy]) await child.stop();

  if (flags.profile) {
    log("Profiling the gateway under closed-loop load…");
    profiles = await profileGateway({
      bundle,
      // One process: a V8 profile covers one isolate, and per-request cost is the same per worker.
      env: { ...gatewayEnv("bench-profile"), AIRLOCK_WORKERS: "1" },
      auth: `Bearer ${seed.apiKey}`,
      bodies,
      seconds: num("profile-seconds"),
      connections: settings.maxConnections,
    });
  }
  await upstream.stop();

  if (!flags["skip-masking"]) {
    log("Masking throughput (packages/policy/bench/mask-throughput.ts)…");
    masking = await runMaskingBench();
  }
} catch (error) {
  failure = error as Error;
} finally {
  await postgresCpu?.close().catch(() => undefined);
  for (const child of children) await child.stop().catch(() => undefined);
  await database.close().catch((error: unknown) => log(`could not drop the bench database: ${(error as Error).message}`));
  rmSync(work, { recursive: true, force: true });
}

if (failure) {
  log(`\nThe bench failed: ${failure.stack ?? failure.message}`);
  process.exit(1);
}

const summary = summarise(reps);
const checks = checkTargets(summary, settings.rate, streams, recording);
const finishedAt = new Date();
const results = {
  benchmark: "airlock-http",
  startedAt: startedAt.toISOString(),
  finishedAt: finishedAt.toISOString(),
  durationS: Math.round((finishedAt.getTime() - startedAt.getTime()) / 1000),
  command: process.env.npm_lifecycle_event === "bench" ? `pnpm bench (${invokedAs})` : invokedAs,
  machine: { ...machine, loadAverageAtEnd: loadAverage() },
  tools: { wrk: wrkVersion, database: database.server },
  upstream:
    "bench/processes/upstream.ts: a minimal node:http server with fixed 1 KB / 16 KB chat.completion JSON and a fixed 20-word SSE stream " +
    "(the testkit upstream parses, scripts and logs every request, which costs more than the proxies being measured)",
  configurations: Object.fromEntries(reps[0]?.order.map((n) => [n, TARGET_DESCRIPTIONS[n]]) ?? []),
  maskingRules: MASKING_DETECTORS,
  settings: { ...settings, quick, streams: streamCount, streamSeconds, streamContextKB, wrkThreads: 1, gatewayWorkers: workers },
  summary,
  targets: checks,
  gatewayMemoryMB: memory,
  gatewayHeapSpacesMB: heapSpaces,
  concurrentStreams: streams,
  concurrentStreamsLongPrompts: longPromptStreams,
  concurrentStreamsBareProxy: bareProxyStreams,
  recording,
  upstreamServed,
  maskingThroughput: masking,
  profiles: profiles?.map((p) => ({ ...p, file: path.basename(p.file) })),
  reps,
};
const resultsDir = path.join(repoRoot, "bench", "results");
mkdirSync(resultsDir, { recursive: true });
const stamp = startedAt.toISOString().slice(0, 19).replace(/:/g, "");
const file = path.join(resultsDir, `http-${stamp}Z.json`);
writeFileSync(file, `${JSON.stringify(results, null, 2)}\n`);

console.log(renderReport(summary, settings.rate, checks, streams, masking));
if (longPromptStreams) console.log(renderStreams(`through Airlock (masked), ${streamContextKB} KB of retrieved text in each prompt`, longPromptStreams));
if (bareProxyStreams) console.log(renderStreams("through the bare proxy (RSS of the proxy, run by tsx)", bareProxyStreams));
const mb = (usage: Record<string, number> | undefined) =>
  usage ? `rss ${usage.rss} MB (V8 heap ${usage.heapUsed}/${usage.heapTotal} MB, external ${usage.external} MB, array buffers ${usage.arrayBuffers} MB)` : "-";
console.log("Gateway memory (after a full GC, except half-way through the streams):");
for (const [stage, usage] of Object.entries(memory)) {
  console.log(`  ${stage.padEnd(12)} ${mb(usage)}`);
  const spaces = heapSpaces[stage]?.filter((s) => s.sizeMB >= 1);
  if (spaces?.length) console.log(`  ${"".padEnd(12)} ${spaces.map((s) => `${s.space.replace(/_space$/, "")} ${s.usedMB.toFixed(0)}/${s.sizeMB.toFixed(0)}`).join(", ")}`);
}
if (profiles) {
  for (const p of profiles) {
    console.log(`\nWhere the gateway's CPU goes, ${p.connection} ${p.size} closed loop (${p.reqPerSec} req/s; share of busy CPU; profile ${p.file})`);
    for (const a of p.summary.areas.slice(0, 8)) console.log(`  ${a.percent.toFixed(1).padStart(5)}%  ${a.area}`);
    console.log("  hot functions (self time):");
    for (const h of p.summary.functions.slice(0, 15)) {
      const callers = h.callers?.map((c) => `${c.name} ${c.where} ${c.percent}%`).join("; ");
      console.log(`  ${h.percent.toFixed(1).padStart(5)}%  ${h.name}  ${h.where}${callers ? `  ← ${callers}` : ""}`);
    }
    console.log("  by file / package:");
    for (const h of p.summary.files.slice(0, 8)) console.log(`  ${h.percent.toFixed(1).padStart(5)}%  ${h.name}`);
  }
}
console.log(`\nResults: ${path.relative(process.cwd(), file)}`);

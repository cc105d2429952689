// The gateway under test, in a process of its own so that its RSS and CPU profile are its own.
// Configuration comes from the environment exactly as in production (startGateway(process.env));
// log lines go to stdout, which the runner discards, so logging costs what it costs in production.
// With AIRLOCK_WORKERS > 1 it runs as the product does (src/main.ts): a cluster primary whose
// workers share the listeners; the runner's commands are then answered for all workers together.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { findSourceMap } from "node:module";
import cluster from "node:cluster";
import { getHeapSpaceStatistics } from "node:v8";
import type { RunningGateway } from "../../src/start-gateway";
import { watchGcPauses } from "../lib/gc-pauses";
import { failStartup, serveCommands, type HeapSpaceMB } from "../lib/ipc";

// BENCH_STUB_RECORDER=1: the recorder is replaced by one that stores nothing (see stub-recorder.ts).
const stubRecorder = process.env.BENCH_STUB_RECORDER === "1";

// BENCH_GC_PAUSES=1 (bench:cpu --gc): garbage-collection pauses, for the `gc-pauses` command.
const gcPauses = process.env.BENCH_GC_PAUSES === "1" ? watchGcPauses() : undefined;

// Connected only when a profile is asked for, so the measured runs carry no inspector session.
let profiler: Session | undefined;

interface Frame {
  url: string;
  lineNumber: number;
  columnNumber: number;
  functionName: string;
}

/**
 * Rewrites profile frames from the bundle to the TypeScript sources through the bundle's source
 * map (available when the child runs with --enable-source-maps), so hot spots name real files.
 */
function toOriginalPositions<T extends { nodes: { callFrame: Frame }[] }>(profile: T): T {
  for (const { callFrame } of profile.nodes) {
    if (!callFrame.url.startsWith("file:")) continue;
    const entry = findSourceMap(callFrame.url)?.findEntry(callFrame.lineNumber, callFrame.columnNumber);
    if (!entry || !("originalSource" in entry)) continue;
    callFrame.url = entry.originalSource;
    callFrame.lineNumber = entry.originalLine;
    callFrame.columnNumber = entry.originalColumn;
  }
  return profile;
}

/** What the runner asks of one gateway process (a single gateway, or each worker of a cluster). */
function processQuestions(gateway: RunningGateway) {
  return {
    /** Writes everything the recorder still holds; answers with what is left (0 when all is stored). */
    flush: async () => {
      await gateway.services.recorder.flush({ timeoutMs: 180_000 });
      return gateway.services.recorder.pending();
    },
    pending: () => gateway.services.recorder.pending(),
    memory: () => process.memoryUsage(),
    /** Memory after a full garbage collection (needs --expose-gc): what is really retained. */
    "memory-after-gc": () => {
      (globalThis as { gc?: () => void }).gc?.();
      return process.memoryUsage();
    },
    /** V8's heap spaces (committed and used), for telling committed-but-free heap from retained memory. */
    "heap-spaces": (): HeapSpaceMB[] => getHeapSpaceStatistics().map((s) => ({ space: s.space_name, sizeMB: s.space_size / 2 ** 20, usedMB: s.space_used_size / 2 ** 20 })),
  };
}

// Imported lazily, as src/main.ts does, so that a cluster primary loads what it loads in production.
async function startOneGateway(role: "single" | "worker"): Promise<RunningGateway> {
  const [{ startGateway }, { createStubRecorder }] = await Promise.all([import("../../src/start-gateway"), import("../lib/stub-recorder")]);
  return startGateway(process.env, {
    drainTimeoutMs: 2_000,
    role,
    ...(stubRecorder ? { parts: { createRecorder: async () => createStubRecorder() } } : {}),
  });
}

function sumMemory(usages: NodeJS.MemoryUsage[]): NodeJS.MemoryUsage {
  const total = { rss: 0, heapTotal: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  for (const usage of usages) for (const key of Object.keys(total) as (keyof typeof total)[]) total[key] += usage[key];
  return total;
}

/** AIRLOCK_WORKERS > 1: this process is the cluster primary and answers for the sum of its workers. */
async function runClusterPrimary(): Promise<void> {
  const [{ startCluster }, { loadGatewayConfig }, { createLogger }, { replicaIdFrom }] = await Promise.all([
    import("../../src/cluster/primary"),
    import("../../src/config"),
    import("../../src/logging/logger"),
    import("../../src/replica-id"),
  ]);
  const config = loadGatewayConfig(process.env);
  const gatewayCluster = await startCluster(config, createLogger(config, replicaIdFrom(config)));
  const sum = async (question: string, timeoutMs?: number) => ((await gatewayCluster.ask(question, timeoutMs)) as number[]).reduce((a, b) => a + b, 0);
  const memory = async (question: string) => sumMemory([process.memoryUsage(), ...((await gatewayCluster.ask(question, 30_000)) as NodeJS.MemoryUsage[])]);
  const notClustered = () => {
    throw new Error("profiles are taken with AIRLOCK_WORKERS=1");
  };
  serveCommands(
    { http: gatewayCluster.httpPort, admin: gatewayCluster.adminPort },
    {
      flush: () => sum("flush", 200_000),
      pending: () => sum("pending"),
      memory: () => memory("memory"),
      "memory-after-gc": () => {
        (globalThis as { gc?: () => void }).gc?.();
        return memory("memory-after-gc");
      },
      "profile-start": notClustered,
      "profile-stop": notClustered,
      stop: async () => {
        await gatewayCluster.close();
      },
    },
  );
}

async function runClusterWorker(): Promise<void> {
  const gateway = await startOneGateway("worker");
  const { serveAsWorker } = await import("../../src/cluster/worker");
  let stopping = false;
  process.on("message", (raw: unknown) => {
    if ((raw as { type?: string })?.type !== "airlock:shutdown" || stopping) return;
    stopping = true;
    void gateway.close().then(() => process.exit(0));
  });
  serveAsWorker(gateway, { draining: () => stopping, questions: processQuestions(gateway) });
}

async function runSingle(): Promise<void> {
  const gateway = await startOneGateway("single");
  serveCommands(
    { http: gateway.httpPort, admin: gateway.adminPort },
    {
      ...processQuestions(gateway),
      // The same V8 CPU profile as `node --cpu-prof`, but covering only the load, not start-up.
      "profile-start": async () => {
        profiler = new Session();
        profiler.connect();
        await profiler.post("Profiler.enable");
        await profiler.post("Profiler.start");
      },
      "profile-stop": async () => {
        if (!profiler) throw new Error("no profile was started");
        const { profile } = await profiler.post("Profiler.stop");
        profiler.disconnect();
        const file = process.env.BENCH_PROFILE_FILE;
        if (!file) throw new Error("BENCH_PROFILE_FILE is not set");
        writeFileSync(file, JSON.stringify(toOriginalPositions(profile)));
        return file;
      },
      /** Pauses since the previous call (bench:cpu --gc). */
      "gc-pauses": () => {
        if (!gcPauses) throw new Error("BENCH_GC_PAUSES=1 is not set");
        return gcPauses.take();
      },
      stop: () => gateway.close(),
    },
  );
}

try {
  if (cluster.isWorker) await runClusterWorker();
  else if (Number(process.env.AIRLOCK_WORKERS ?? "1") > 1) await runClusterPrimary();
  else await runSingle();
} catch (error) {
  // A worker's failure reaches the runner through the primary (WorkerStartError) and its stderr.
  if (cluster.isWorker) {
    console.error((error as Error)?.stack ?? String(error));
    process.exit(1);
  }
  failStartup(error);
}

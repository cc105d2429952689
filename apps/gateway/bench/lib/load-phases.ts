// The interleaved measurement: every repetition runs every configuration, in a rotated order, for
// each measurement (paced latency, closed-loop throughput, time to first token), so slow drift of
// the machine affects all configurations alike and each is compared with the direct run beside it.
import { writeFileSync } from "node:fs";
import path from "node:path";
import { loadAverage } from "./machine";
import type { PostgresCpu } from "./postgres-cpu";
import { requestBody } from "./payloads";
import { rotate, type Target, type TargetName } from "./targets";
import { measureTtft, type StreamTiming } from "./ttft";
import { runWrk, type WrkResult } from "./wrk";

export type Size = "1k" | "16k";
export const SIZES: Size[] = ["1k", "16k"];

export interface LoadSettings {
  reps: number;
  rate: number;
  pacedConnections: number;
  pacedSeconds: number;
  unloadedSeconds: number;
  maxConnections: number;
  maxSeconds: number;
  warmupSeconds: number;
  ttftPerRep: number;
}

export interface RepResult {
  rep: number;
  order: TargetName[];
  loadAverage: { start: number; end: number };
  /** One connection, requests back to back, 1 KB: latency without queueing (cores kept awake). */
  unloaded: Partial<Record<TargetName, WrkResult>>;
  paced: Record<Size, Partial<Record<TargetName, WrkResult>>>;
  max: Record<Size, Partial<Record<TargetName, WrkResult>>>;
  /**
   * CPU time (user + system) the configuration's own process spent per request in the closed-loop
   * run, in µs: the proxy's (or gateway's) for proxies, the upstream's for direct. Robust to other
   * load on the machine in a way that latency is not. Includes the recorder's writes that finished
   * within the run; PostgreSQL's own CPU is not counted.
   */
  cpuUsPerRequest: Record<Size, Partial<Record<TargetName, number>>>;
  /** PostgreSQL's CPU time for the bench database per request in the same runs, in µs (recording). */
  postgresCpuUsPerRequest: Record<Size, Partial<Record<TargetName, number>>>;
  /** ms the gateway's recorder needed after a closed-loop run to write its backlog. */
  recorderDrainMs: Record<Size, Partial<Record<TargetName, number>>>;
  ttft: Partial<Record<TargetName, StreamTiming[]>>;
}

export function writeBodies(dir: string): Record<Size, string> {
  const files = { "1k": path.join(dir, "body-1k.json"), "16k": path.join(dir, "body-16k.json") };
  writeFileSync(files["1k"], requestBody("json-1k"));
  writeFileSync(files["16k"], requestBody("json-16k"));
  return files;
}

/**
 * Waits until the gateway's recorder has written everything it queued, so background database
 * writes from one run do not steal CPU from the next configuration's run.
 */
export async function settleRecorder(target: Pick<Target, "gateway">, limitMs = 120_000): Promise<number> {
  if (!target.gateway) return 0;
  const start = performance.now();
  while (performance.now() - start < limitMs) {
    if ((await target.gateway.command<number>("pending")) === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Math.round(performance.now() - start);
}

function log(message: string): void {
  process.stderr.write(`${message}\n`);
}

function short(r: WrkResult, seconds: number): string {
  const rps = Math.round(r.requests / (r.durationUs / 1e6));
  const errors = r.errors.status + r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout;
  return `${rps} req/s, p50 ${(r.latencyUs.p50 / 1000).toFixed(2)} ms, p99 ${(r.latencyUs.p99 / 1000).toFixed(2)} ms${errors ? `, ${errors} errors` : ""} (${seconds}s)`;
}

export async function warmUp(targets: Target[], bodies: Record<Size, string>, settings: LoadSettings): Promise<void> {
  for (const target of targets) {
    for (const size of SIZES) {
      await runWrk({ url: target.url, bodyFile: bodies[size], auth: target.auth, connections: 16, durationS: settings.warmupSeconds });
      await settleRecorder(target);
    }
    await measureTtft([target], 20);
  }
}

export async function runRep(
  rep: number,
  targets: Target[],
  bodies: Record<Size, string>,
  settings: LoadSettings,
  postgres?: PostgresCpu,
): Promise<RepResult> {
  const order = rotate(targets, rep);
  const result: RepResult = {
    rep: rep + 1,
    order: order.map((t) => t.name),
    loadAverage: { start: loadAverage(), end: 0 },
    unloaded: {},
    paced: { "1k": {}, "16k": {} },
    max: { "1k": {}, "16k": {} },
    recorderDrainMs: { "1k": {}, "16k": {} },
    cpuUsPerRequest: { "1k": {}, "16k": {} },
    postgresCpuUsPerRequest: { "1k": {}, "16k": {} },
    ttft: {},
  };
  for (const target of order) {
    const r = await runWrk({ url: target.url, bodyFile: bodies["1k"], auth: target.auth, connections: 1, durationS: settings.unloadedSeconds });
    result.unloaded[target.name] = r;
    log(`  rep ${rep + 1} one at a time 1k  ${target.name.padEnd(18)} ${short(r, settings.unloadedSeconds)}`);
    await settleRecorder(target);
  }
  for (const size of SIZES) {
    for (const target of order) {
      const r = await runWrk({ url: target.url, bodyFile: bodies[size], auth: target.auth, connections: settings.pacedConnections, durationS: settings.pacedSeconds, rate: settings.rate });
      result.paced[size][target.name] = r;
      log(`  rep ${rep + 1} paced ${settings.rate}/s ${size.padEnd(3)} ${target.name.padEnd(18)} ${short(r, settings.pacedSeconds)}`);
      await settleRecorder(target);
    }
  }
  for (const size of SIZES) {
    for (const target of order) {
      const cpuBefore = target.worker.cpuMs();
      const pgBefore = await postgres?.read();
      const r = await runWrk({ url: target.url, bodyFile: bodies[size], auth: target.auth, connections: settings.maxConnections, durationS: settings.maxSeconds });
      result.max[size][target.name] = r;
      result.recorderDrainMs[size][target.name] = await settleRecorder(target);
      // The recorder's backlog written after the run is this run's work too.
      const cpuSettled = target.worker.cpuMs();
      const pgSettled = await postgres?.read();
      if (pgBefore !== undefined && pgSettled !== undefined && r.requests > 0) {
        result.postgresCpuUsPerRequest[size][target.name] = Math.round(((pgSettled - pgBefore) * 1000) / r.requests);
      }
      if (cpuBefore !== undefined && cpuSettled !== undefined && r.requests > 0) {
        result.cpuUsPerRequest[size][target.name] = Math.round(((cpuSettled - cpuBefore) * 1000) / r.requests);
      }
      log(`  rep ${rep + 1} max -c${settings.maxConnections}   ${size.padEnd(3)} ${target.name.padEnd(18)} ${short(r, settings.maxSeconds)}`);
    }
  }
  result.ttft = await measureTtft(order, settings.ttftPerRep);
  result.loadAverage.end = loadAverage();
  return result;
}

// Turns the raw repetitions into medians, checks them against the targets, prints a readable table
// and keeps everything (raw and derived) for the results file.
import type { ConcurrentStreamsResult } from "./streams";
import type { RepResult, Size } from "./load-phases";
import { SIZES } from "./load-phases";
import type { RecordingCheck } from "./recording-check";
import { median, percentile, round } from "./stats";
import type { TargetName } from "./targets";
import type { WrkResult } from "./wrk";

export interface Percentiles {
  p50: number;
  p90: number;
  p99: number;
}

export interface Summary {
  /** One request at a time, 1 KB: absolute and added over direct. */
  unloadedLatencyMs: Partial<Record<TargetName, Percentiles>>;
  addedUnloadedLatencyMs: Partial<Record<TargetName, Percentiles>>;
  pacedLatencyMs: Record<Size, Partial<Record<TargetName, Percentiles>>>;
  pacedAchievedRps: Record<Size, Partial<Record<TargetName, number>>>;
  addedLatencyMs: Record<Size, Partial<Record<TargetName, Percentiles>>>;
  maxRps: Record<Size, Partial<Record<TargetName, number>>>;
  maxErrors: Record<Size, Partial<Record<TargetName, number>>>;
  cpuUsPerRequest: Record<Size, Partial<Record<TargetName, number>>>;
  postgresCpuUsPerRequest: Record<Size, Partial<Record<TargetName, number>>>;
  ttftMs: Partial<Record<TargetName, { p50: number; p99: number; samples: number }>>;
  addedTtftMs: Partial<Record<TargetName, { p50: number; p99: number }>>;
}

export interface TargetCheck {
  what: string;
  target: string;
  measured: string;
  met: boolean;
}

const ms = (us: number) => us / 1000;
const errorsOf = (r: WrkResult) => r.errors.status + r.errors.connect + r.errors.read + r.errors.write + r.errors.timeout;
const okRps = (r: WrkResult) => (r.requests - r.errors.status) / (r.durationUs / 1e6);

function names(reps: RepResult[]): TargetName[] {
  return reps[0]?.order ? [...reps[0].order].sort() : [];
}

export function summarise(reps: RepResult[]): Summary {
  const all = names(reps);
  const summary: Summary = {
    unloadedLatencyMs: {},
    addedUnloadedLatencyMs: {},
    pacedLatencyMs: { "1k": {}, "16k": {} },
    pacedAchievedRps: { "1k": {}, "16k": {} },
    addedLatencyMs: { "1k": {}, "16k": {} },
    maxRps: { "1k": {}, "16k": {} },
    maxErrors: { "1k": {}, "16k": {} },
    cpuUsPerRequest: { "1k": {}, "16k": {} },
    postgresCpuUsPerRequest: { "1k": {}, "16k": {} },
    ttftMs: {},
    addedTtftMs: {},
  };
  for (const name of all) {
    const runs = reps.map((r) => r.unloaded?.[name]);
    const direct = reps.map((r) => r.unloaded?.direct);
    if (runs.every((r) => r)) {
      const abs = (key: "p50" | "p90" | "p99") => round(median(runs.map((r) => ms(r!.latencyUs[key]))), 3);
      summary.unloadedLatencyMs[name] = { p50: abs("p50"), p90: abs("p90"), p99: abs("p99") };
      if (name !== "direct") {
        const added = (key: "p50" | "p90" | "p99") => round(median(runs.map((r, i) => ms(r!.latencyUs[key] - (direct[i]?.latencyUs[key] ?? NaN)))), 3);
        summary.addedUnloadedLatencyMs[name] = { p50: added("p50"), p90: added("p90"), p99: added("p99") };
      }
    }
  }
  for (const size of SIZES) {
    for (const name of all) {
      const paced = reps.map((r) => r.paced[size][name]).filter((r): r is WrkResult => !!r);
      const direct = reps.map((r) => r.paced[size].direct);
      const pick = (key: "p50" | "p90" | "p99") => round(median(paced.map((r) => ms(r.latencyUs[key]))), 3);
      summary.pacedLatencyMs[size][name] = { p50: pick("p50"), p90: pick("p90"), p99: pick("p99") };
      summary.pacedAchievedRps[size][name] = Math.round(median(paced.map((r) => r.requests / (r.durationUs / 1e6))));
      if (name !== "direct") {
        const added = (key: "p50" | "p90" | "p99") =>
          round(median(reps.map((r, i) => ms((r.paced[size][name]?.latencyUs[key] ?? NaN) - (direct[i]?.latencyUs[key] ?? NaN)))), 3);
        summary.addedLatencyMs[size][name] = { p50: added("p50"), p90: added("p90"), p99: added("p99") };
      }
      const max = reps.map((r) => r.max[size][name]).filter((r): r is WrkResult => !!r);
      summary.maxRps[size][name] = Math.round(median(max.map(okRps)));
      summary.maxErrors[size][name] = max.reduce((sum, r) => sum + errorsOf(r), 0);
      const cpu = reps.map((r) => r.cpuUsPerRequest[size][name]).filter((v): v is number => v !== undefined);
      if (cpu.length) summary.cpuUsPerRequest[size][name] = Math.round(median(cpu));
      const pgCpu = reps.map((r) => r.postgresCpuUsPerRequest?.[size][name]).filter((v): v is number => v !== undefined);
      if (pgCpu.length) summary.postgresCpuUsPerRequest[size][name] = Math.round(median(pgCpu));
    }
  }
  const directTtft = reps.map((r) => median((r.ttft.direct ?? []).map((t) => t.firstTokenMs)));
  const pooledDirect = reps.flatMap((r) => (r.ttft.direct ?? []).map((t) => t.firstTokenMs));
  for (const name of all) {
    const perRep = reps.map((r) => median((r.ttft[name] ?? []).map((t) => t.firstTokenMs)));
    const pooled = reps.flatMap((r) => (r.ttft[name] ?? []).map((t) => t.firstTokenMs));
    summary.ttftMs[name] = { p50: round(median(perRep), 3), p99: round(percentile(pooled, 99), 3), samples: pooled.length };
    if (name !== "direct") {
      summary.addedTtftMs[name] = {
        p50: round(median(perRep.map((v, i) => v - (directTtft[i] ?? NaN))), 3),
        p99: round(percentile(pooled, 99) - percentile(pooledDirect, 99), 3),
      };
    }
  }
  return summary;
}

export function checkTargets(summary: Summary, rate: number, streams: ConcurrentStreamsResult | undefined, recording: RecordingCheck[]): TargetCheck[] {
  const checks: TargetCheck[] = [];
  for (const name of ["airlock-masked", "airlock-plain"] as const) {
    for (const size of SIZES) {
      const added = summary.addedLatencyMs[size][name];
      if (!added) continue;
      checks.push({ what: `${name}: added p50 at ${rate} req/s, ${size}`, target: "≤ 0.5 ms", measured: `${added.p50.toFixed(2)} ms`, met: added.p50 <= 0.5 });
      checks.push({ what: `${name}: added p99 at ${rate} req/s, ${size}`, target: "≤ 3 ms", measured: `${added.p99.toFixed(2)} ms`, met: added.p99 <= 3 });
    }
    for (const size of SIZES) {
      const rps = summary.maxRps[size][name];
      if (rps === undefined) continue;
      checks.push({ what: `${name}: max sustained req/s, ${size}`, target: "≥ 3,000", measured: String(rps), met: rps >= 3000 });
    }
  }
  if (streams) {
    // While the streams are open; the RSS before them (after the load phases) is reported beside it.
    const open = streams.openRssMB;
    checks.push({ what: `gateway RSS, ${streams.streams} concurrent streams open`, target: "≤ 200 MB", measured: open > 0 ? `${open} MB` : "not reached", met: open > 0 && open <= 200 });
  }
  const lost = recording.reduce((sum, r) => sum + Math.max(0, r.lost), 0);
  const exchanges = recording.reduce((sum, r) => sum + r.exchanges, 0);
  checks.push({ what: `recorded events lost (${exchanges} exchanges)`, target: "0", measured: String(lost), met: recording.length > 0 && lost === 0 });
  return checks;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

const f = (v: number | undefined, digits = 2) => (v === undefined || !Number.isFinite(v) ? "-" : v.toFixed(digits));

/** One line on a concurrent-streams phase: how many, what the process's RSS did, first tokens. */
export function renderStreams(through: string, streams: ConcurrentStreamsResult): string {
  return (
    `${streams.streams} concurrent slow streams ${through}: ${streams.completed} completed, ${streams.failed} failed, ` +
    `peak ${streams.peakOpen} open at once; RSS ${streams.baselineRssMB} MB before, ${streams.openRssMB} MB at most while ≥ 90% were open, ${streams.peakRssMB} MB peak of the whole run; ` +
    `first token p50 ${streams.firstTokenP50Ms} ms, max ${streams.firstTokenMaxMs} ms` +
    (streams.errors.length ? `; errors: ${streams.errors.join(", ")}` : "")
  );
}

export function renderReport(summary: Summary, rate: number, checks: TargetCheck[], streams: ConcurrentStreamsResult | undefined, masking: unknown): string {
  const targets = Object.keys(summary.maxRps["1k"]) as TargetName[];
  const order = ["direct", "bare-proxy", "airlock-unrecorded", "airlock-plain", "airlock-masked"].filter((n) => targets.includes(n as TargetName)) as TargetName[];
  const out: string[] = [];
  out.push('\nOne request at a time (1 connection, back to back), 1k reply (ms; "+" = added over direct in the same rep)');
  out.push(
    table(
      ["configuration", "p50", "p90", "p99", "+p50", "+p90", "+p99"],
      order.map((n) => {
        const abs = summary.unloadedLatencyMs[n];
        const add = summary.addedUnloadedLatencyMs[n];
        return [n, f(abs?.p50), f(abs?.p90), f(abs?.p99), f(add?.p50), f(add?.p90), f(add?.p99)];
      }),
    ),
  );
  for (const size of SIZES) {
    out.push(`\nLatency at ${rate} req/s, ${size} reply (ms; absolute for direct, "+" = added over direct in the same rep)`);
    out.push(
      table(
        ["configuration", "p50", "p90", "p99", "+p50", "+p90", "+p99", "req/s done"],
        order.map((n) => {
          const abs = summary.pacedLatencyMs[size][n];
          const add = summary.addedLatencyMs[size][n];
          return [n, f(abs?.p50), f(abs?.p90), f(abs?.p99), f(add?.p50), f(add?.p90), f(add?.p99), String(summary.pacedAchievedRps[size][n] ?? "-")];
        }),
      ),
    );
  }
  out.push(
    "\nMaximum req/s (closed loop; non-2xx excluded), CPU time of the configuration's own processes (a gateway's workers included) per request " +
      "(direct: the upstream's), PostgreSQL's CPU per request for the bench database (recording), and time to first streamed token (ms)",
  );
  out.push(
    table(
      ["configuration", "max 1k", "max 16k", "errors", "CPU µs/req 1k", "16k", "PG µs/req 1k", "16k", "TTFT p50", "TTFT p99", "+TTFT p50", "+TTFT p99"],
      order.map((n) => [
        n,
        String(summary.maxRps["1k"][n] ?? "-"),
        String(summary.maxRps["16k"][n] ?? "-"),
        String((summary.maxErrors["1k"][n] ?? 0) + (summary.maxErrors["16k"][n] ?? 0)),
        String(summary.cpuUsPerRequest["1k"][n] ?? "-"),
        String(summary.cpuUsPerRequest["16k"][n] ?? "-"),
        String(summary.postgresCpuUsPerRequest["1k"][n] ?? "-"),
        String(summary.postgresCpuUsPerRequest["16k"][n] ?? "-"),
        f(summary.ttftMs[n]?.p50),
        f(summary.ttftMs[n]?.p99),
        f(summary.addedTtftMs[n]?.p50),
        f(summary.addedTtftMs[n]?.p99),
      ]),
    ),
  );
  if (streams) out.push(`\n${renderStreams("through Airlock (masked)", streams)}`);
  if (masking && typeof masking === "object" && "wholeMBps" in masking) {
    const m = masking as { wholeMBps: number; streamedMBps: number; rules: number; chunkBytes: number; wholeCpuMBps?: number; streamedCpuMBps?: number };
    // Per CPU second as well when the policy bench reports it: steadier than wall time on a busy machine.
    const cpu = (v: number | undefined) => (v === undefined ? "" : ` (${v} MB per CPU second)`);
    out.push(
      `Masking throughput (${m.rules} detectors): whole text ${m.wholeMBps} MB/s${cpu(m.wholeCpuMBps)}, ` +
        `streamed in ${m.chunkBytes}-byte chunks ${m.streamedMBps} MB/s${cpu(m.streamedCpuMBps)}`,
    );
  } else if (masking) {
    out.push(`Masking throughput: ${JSON.stringify(masking)}`);
  }
  out.push("\nTargets");
  out.push(table(["check", "target", "measured", "met"], checks.map((c) => [c.what, c.target, c.measured, c.met ? "yes" : "NO"])));
  return out.join("\n");
}

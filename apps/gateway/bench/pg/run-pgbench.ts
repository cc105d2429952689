// One pgbench run and what it measured: throughput as pgbench reports it, and latency average
// and p99 computed from its per-transaction log (pgbench itself prints no percentiles).
import { execFile } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { findPgbench } from "./binaries";

export interface PgbenchTarget {
  host: string;
  port: number;
  database: string;
  user: string;
  password?: string;
}

export interface PgbenchResult {
  tps: number;
  transactions: number;
  failed: number;
  latencyAvgMs: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export type PgbenchMode = "select-only" | "simple-update";

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

export async function runPgbench(target: PgbenchTarget, mode: PgbenchMode, opts: { clients: number; threads: number; seconds: number }): Promise<PgbenchResult> {
  const logDir = mkdtempSync(path.join(os.tmpdir(), "airlock-pgbench-log-"));
  const args = [
    "-h", target.host, "-p", String(target.port), "-U", target.user,
    "-c", String(opts.clients), "-j", String(opts.threads), "-T", String(opts.seconds),
    "-n", "-M", "simple", mode === "select-only" ? "-S" : "-N",
    "-l", `--log-prefix=${path.join(logDir, "tx")}`,
    target.database,
  ];
  const output = await new Promise<string>((resolve, reject) => {
    execFile(
      findPgbench(),
      args,
      { env: { ...process.env, PGPASSWORD: target.password ?? "", PGSSLMODE: "disable", PGAPPNAME: "airlock-bench" }, timeout: (opts.seconds + 60) * 1000, cwd: logDir },
      (error, stdout, stderr) => (error ? reject(new Error(`pgbench failed: ${stderr || error.message}`)) : resolve(stdout)),
    );
  });
  const latencies: number[] = [];
  for (const file of readdirSync(logDir)) {
    for (const line of readFileSync(path.join(logDir, file), "utf8").split("\n")) {
      const fields = line.split(" ");
      if (fields.length >= 3 && fields[2] !== "failed" && fields[2] !== "skipped") latencies.push(Number(fields[2]) / 1000);
    }
  }
  rmSync(logDir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const number = (pattern: RegExp) => Number(pattern.exec(output)?.[1] ?? Number.NaN);
  return {
    tps: number(/tps = ([\d.]+) \(without initial connection time\)/),
    transactions: number(/number of transactions actually processed: (\d+)/),
    failed: number(/number of failed transactions: (\d+)/) || 0,
    latencyAvgMs: latencies.reduce((a, b) => a + b, 0) / Math.max(1, latencies.length),
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
  };
}

export async function initialisePgbench(target: PgbenchTarget, scale: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile(
      findPgbench(),
      ["-i", "-s", String(scale), "-q", "-h", target.host, "-p", String(target.port), "-U", target.user, target.database],
      { env: { ...process.env, PGPASSWORD: target.password ?? "" } },
      (error, _stdout, stderr) => (error ? reject(new Error(`pgbench -i failed: ${stderr || error.message}`)) : resolve()),
    );
  });
}

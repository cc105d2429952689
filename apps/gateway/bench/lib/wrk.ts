// Runs wrk (Debian's 4.x) with bench/wrk/load.lua and returns its JSON summary.
import { execFile, spawnSync } from "node:child_process";
import path from "node:path";
import { BENCH_DIR } from "./children";

export interface WrkResult {
  requests: number;
  durationUs: number;
  bytes: number;
  errors: { connect: number; read: number; write: number; status: number; timeout: number };
  latencyUs: { min: number; mean: number; max: number; p50: number; p90: number; p99: number; p999: number };
}

export interface WrkRun {
  url: string;
  bodyFile: string;
  auth?: string;
  connections: number;
  durationS: number;
  /** Paced (open loop) at this many requests/s; closed loop when absent. */
  rate?: number;
}

/** Exits with install instructions when wrk is missing. */
export function requireWrk(): string {
  const probe = spawnSync("wrk", ["--version"], { encoding: "utf8" });
  if (probe.error) {
    console.error("The HTTP bench needs wrk (an HTTP load generator).");
    console.error("Install it: Debian/Ubuntu `sudo apt-get install -y wrk`, macOS `brew install wrk`.");
    process.exit(1);
  }
  return `${probe.stdout}${probe.stderr}`.split("\n")[0]?.trim() ?? "wrk";
}

export function runWrk(run: WrkRun): Promise<WrkResult> {
  // One wrk thread: the machine's cores are shared with the upstream, the proxy and PostgreSQL,
  // and one thread drives far more than any proxy here can serve.
  const args = ["-t1", `-c${run.connections}`, `-d${run.durationS}s`, "--timeout", "5s", "-s", path.join(BENCH_DIR, "wrk", "load.lua"), run.url];
  const env = { ...process.env, BENCH_BODY_FILE: run.bodyFile, BENCH_AUTH: run.auth ?? "", BENCH_RATE: run.rate ? String(run.rate) : "" };
  return new Promise((resolve, reject) => {
    execFile("wrk", args, { env, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const line = stdout.split("\n").find((l) => l.startsWith("BENCH_JSON "));
      if (!line) return reject(new Error(`wrk gave no summary (${error?.message ?? "no error"}):\n${stdout}\n${stderr}`));
      resolve(JSON.parse(line.slice("BENCH_JSON ".length)) as WrkResult);
    });
  });
}

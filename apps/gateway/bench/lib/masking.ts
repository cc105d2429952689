// Masking throughput comes from the policy package's own bench (packages/policy/bench), run as a
// child so its numbers are exactly what that bench prints on its own.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { GATEWAY_DIR } from "./children";

export interface MaskingThroughput {
  inputMB: number;
  rules: number;
  findings: number;
  chunkBytes: number;
  runs: number;
  wholeMBps: number;
  streamedMBps: number;
  /** MB per CPU second (the policy bench reports these too; steadier on a busy machine). */
  wholeCpuMBps?: number;
  streamedCpuMBps?: number;
  streamedEqualsWhole: boolean;
}

const POLICY_DIR = path.resolve(GATEWAY_DIR, "..", "..", "packages", "policy");
const SCRIPT = path.join(POLICY_DIR, "bench", "mask-throughput.ts");

export function runMaskingBench(): Promise<MaskingThroughput | { error: string }> {
  if (!existsSync(SCRIPT)) return Promise.resolve({ error: `${path.relative(GATEWAY_DIR, SCRIPT)} not found` });
  return new Promise((resolve) => {
    execFile(process.execPath, ["--import", "tsx", SCRIPT], { cwd: POLICY_DIR, maxBuffer: 1 << 20, timeout: 180_000 }, (error, stdout, stderr) => {
      const line = stdout.trim().split("\n").pop() ?? "";
      try {
        resolve(JSON.parse(line) as MaskingThroughput);
      } catch {
        resolve({ error: `policy masking bench failed: ${error?.message ?? ""} ${stderr.trim().slice(-500)}` });
      }
    });
  });
}

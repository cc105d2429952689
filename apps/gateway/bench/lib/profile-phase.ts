// Where the gateway's time goes under load: the bundled gateway with source maps on (so profile
// frames name the TypeScript files), driven closed-loop, profiled only while loaded.
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { GATEWAY_DIR, startChild } from "./children";
import type { Size } from "./load-phases";
import { settleRecorder } from "./load-phases";
import { summariseProfile, type ProfileSummary } from "./profile";
import { MASKED_CONNECTION, PLAIN_CONNECTION } from "./seed";
import { runWrk } from "./wrk";
import { GATEWAY_NODE_FLAGS } from "../../src/node-flags";

export interface ProfileResult {
  connection: string;
  size: Size;
  seconds: number;
  reqPerSec: number;
  file: string;
  summary: ProfileSummary;
}

export async function profileGateway(options: {
  bundle: string;
  env: NodeJS.ProcessEnv;
  auth: string;
  bodies: Record<Size, string>;
  seconds: number;
  connections: number;
}): Promise<ProfileResult[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "airlock-bench-profile-"));
  const repoRoot = path.resolve(GATEWAY_DIR, "..", "..");
  const results: ProfileResult[] = [];
  const cases: { connection: string; size: Size }[] = [
    { connection: MASKED_CONNECTION, size: "1k" },
    { connection: MASKED_CONNECTION, size: "16k" },
    { connection: PLAIN_CONNECTION, size: "1k" },
  ];
  for (const c of cases) {
    const file = path.join(dir, `gateway-${c.connection}-${c.size}.cpuprofile`);
    const gateway = await startChild("gateway (profiled)", options.bundle, {
      env: { ...options.env, BENCH_PROFILE_FILE: file },
      nodeArgs: [...GATEWAY_NODE_FLAGS, "--enable-source-maps"],
    });
    try {
      const url = `http://127.0.0.1:${gateway.ports.http}/c/${c.connection}/v1/chat/completions`;
      await runWrk({ url, bodyFile: options.bodies[c.size], auth: options.auth, connections: 16, durationS: 3 });
      await settleRecorder({ gateway });
      await gateway.command("profile-start");
      const r = await runWrk({ url, bodyFile: options.bodies[c.size], auth: options.auth, connections: options.connections, durationS: options.seconds });
      await settleRecorder({ gateway });
      await gateway.command("profile-stop");
      results.push({
        connection: c.connection,
        size: c.size,
        seconds: options.seconds,
        reqPerSec: Math.round(r.requests / (r.durationUs / 1e6)),
        file,
        summary: summariseProfile(file, repoRoot),
      });
    } finally {
      await gateway.stop();
    }
  }
  return results;
}

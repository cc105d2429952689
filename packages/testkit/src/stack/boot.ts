// Boots the real Airlock stack — the built gateway and console as separate processes, exactly as
// `pnpm start` runs them — on free ports against a given database. Used by the e2e suite and the
// demo. Spawned by path (never imported) so packages keep from depending on apps.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { findFreePort as freePort } from "../net/free-port";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");

export interface BootOptions {
  databaseUrl: string;
  /** Extra environment for both processes (OIDC settings, …). */
  env?: Record<string, string>;
  /** Where the gateway spools recordings; defaults to a fresh temp-like folder under .airlock. */
  spoolDir?: string;
  /** Print the services' output (prefixed) instead of keeping it for error reports. */
  verbose?: boolean;
}

export interface RunningStack {
  gatewayUrl: string;
  consoleUrl: string;
  adminUrl: string;
  pgPort: number;
  masterKey: string;
  bootstrapToken: string;
  admin: { email: string; password: string };
  /** Output of both services so far (for diagnosing failures). */
  logs(): string;
  stop(): Promise<void>;
}

export async function bootStack(opts: BootOptions): Promise<RunningStack> {
  const [gatewayPort, pgPort, adminPort, consolePort] = await Promise.all([freePort(), freePort(), freePort(), freePort()]);
  const masterKey = randomBytes(32).toString("base64");
  const bootstrapToken = `boot_${randomBytes(18).toString("base64url")}`;
  const admin = { email: "admin@airlock.test", password: `pw-${randomBytes(9).toString("base64url")}` };
  const consoleUrl = `http://127.0.0.1:${consolePort}`;
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...opts.env,
    NODE_ENV: "production",
    DATABASE_URL: opts.databaseUrl,
    AIRLOCK_MASTER_KEY: masterKey,
    AIRLOCK_BOOTSTRAP_TOKEN: bootstrapToken,
    NEXTAUTH_SECRET: randomBytes(32).toString("base64"),
    NEXTAUTH_URL: consoleUrl,
    AIRLOCK_CONSOLE_URL: consoleUrl,
    AIRLOCK_GATEWAY_URL: `http://127.0.0.1:${gatewayPort}`,
    AIRLOCK_HOST: "127.0.0.1",
    AIRLOCK_GATEWAY_PORT: String(gatewayPort),
    AIRLOCK_PG_PORT: String(pgPort),
    AIRLOCK_ADMIN_PORT: String(adminPort),
    AIRLOCK_SPOOL_DIR: opts.spoolDir ?? path.join(repoRoot, ".airlock", `spool-e2e-${gatewayPort}`),
    AIRLOCK_ADMIN_EMAIL: admin.email,
    AIRLOCK_ADMIN_PASSWORD: admin.password,
    // Tests register upstreams on 127.0.0.1.
    AIRLOCK_ALLOW_PRIVATE_UPSTREAMS: "true",
    AIRLOCK_LOG_LEVEL: process.env.AIRLOCK_LOG_LEVEL ?? "warn",
  };

  let output = "";
  const children: ChildProcess[] = [];
  const launch = (name: string, cmd: string, args: string[], cwd: string) => {
    const child = spawn(cmd, args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    const sink = (d: Buffer) => {
      const text = d.toString().replace(/^/gm, `[${name}] `);
      output += text;
      if (opts.verbose) process.stdout.write(text);
    };
    child.stdout!.on("data", sink);
    child.stderr!.on("data", sink);
    children.push(child);
    return child;
  };

  const stop = async () => {
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
      setTimeout(() => c.kill("SIGKILL"), 8_000).unref();
    })));
  };

  try {
    await runOnce("tsx", ["scripts/ensure-admin.ts"], path.join(repoRoot, "apps/console"), env);
    // Started as `pnpm start` starts it, with the gateway's node flags (apps/gateway/src/node-flags.ts).
    const gatewayDir = path.join(repoRoot, "apps/gateway");
    const nodeFlags = JSON.parse(readFileSync(path.join(gatewayDir, "node-flags.json"), "utf8")) as string[];
    const gateway = launch("gateway", process.execPath, [...nodeFlags, "dist/main.js"], gatewayDir);
    const consoleApp = launch("console", path.join(repoRoot, "apps/console/node_modules/.bin/next"), ["start", "-p", String(consolePort), "-H", "127.0.0.1"], path.join(repoRoot, "apps/console"));
    await waitFor(`http://127.0.0.1:${adminPort}/readyz`, 30_000, gateway, () => output);
    await waitFor(`http://127.0.0.1:${consolePort}/login`, 60_000, consoleApp, () => output);
  } catch (err) {
    await stop();
    throw err;
  }

  return {
    gatewayUrl: `http://127.0.0.1:${gatewayPort}`,
    consoleUrl,
    adminUrl: `http://127.0.0.1:${adminPort}`,
    pgPort,
    masterKey,
    bootstrapToken,
    admin,
    logs: () => output,
    stop,
  };
}

function runOnce(cmd: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(cwd, "node_modules/.bin", cmd), args, { cwd, env, stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (out += d));
    child.on("exit", (code) => (code === 0 ? resolve() : reject(new Error(`${cmd} ${args.join(" ")} failed (${code}):\n${out}`))));
  });
}

async function waitFor(url: string, timeoutMs: number, child: ChildProcess, logs: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`process for ${url} exited with code ${child.exitCode}:\n${logs().slice(-4000)}`);
    try {
      const res = await fetch(url, { redirect: "manual" });
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} did not come up within ${timeoutMs / 1000} s:\n${logs().slice(-4000)}`);
}

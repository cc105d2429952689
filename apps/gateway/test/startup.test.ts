// Start-up failures an operator can fix say what to change, in one line.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { createTestDatabase, type TestDatabase } from "@airlock/db/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ConfigError, ListenError, StartupError, startGateway } from "../src";
import { GATEWAY_NODE_FLAGS } from "../src/node-flags";
import { gatewayEnv } from "./helpers/gateway-env";
import { LogCapture } from "./helpers/log-capture";
import { testParts } from "./helpers/parts";

let database: TestDatabase;
const masterKey = randomBytes(32);

beforeAll(async () => {
  database = await createTestDatabase("airlock_gw_start");
});
afterAll(async () => database?.drop());

const start = (env: NodeJS.ProcessEnv) => startGateway(env, { parts: testParts, logDestination: new LogCapture() });

describe("startGateway refuses bad configuration", () => {
  it("names every missing or invalid variable", async () => {
    const error = await start({ AIRLOCK_GATEWAY_PORT: "not-a-port", AIRLOCK_WORKERS: "0" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).toMatch(/DATABASE_URL/);
    expect(message).toMatch(/AIRLOCK_MASTER_KEY/);
    expect(message).toMatch(/AIRLOCK_GATEWAY_PORT/);
    expect(message).toMatch(/AIRLOCK_WORKERS/);
  });

  it("rejects a master key of the wrong size", async () => {
    const error = await start({ ...gatewayEnv(database.url, masterKey), AIRLOCK_MASTER_KEY: "c2hvcnQ=" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as Error).message).toMatch(/AIRLOCK_MASTER_KEY: .*32 bytes/);
  });

  it("says which variable to change when a port is taken", async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, "127.0.0.1", resolve));
    const port = (blocker.address() as AddressInfo).port;
    try {
      const error = await start(gatewayEnv(database.url, masterKey, { AIRLOCK_GATEWAY_PORT: String(port) })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ListenError);
      expect((error as Error).message).toBe(`Port ${port} on 127.0.0.1 is already in use; set AIRLOCK_GATEWAY_PORT to a free port.`);
    } finally {
      blocker.close();
    }
  });

  it("reports an unreachable database in one line", async () => {
    const error = await start(gatewayEnv("postgresql://postgres@127.0.0.1:1/nothing", masterKey)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StartupError);
    expect((error as Error).message).toMatch(/^Cannot use the database: cannot reach PostgreSQL/);
    expect((error as Error).message).not.toContain("\n");
  });
});

function runMain(env: NodeJS.ProcessEnv, onLine?: (line: string, child: ReturnType<typeof spawn>) => void, nodeFlags: readonly string[] = GATEWAY_NODE_FLAGS) {
  const child = spawn(process.execPath, [...nodeFlags, "--import", "tsx", "src/main.ts"], { cwd: new URL("..", import.meta.url).pathname, env: { PATH: process.env.PATH, ...env } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => {
    stdout += d.toString();
    for (const line of d.toString().split("\n")) if (line) onLine?.(line, child);
  });
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stdout, stderr })));
}

describe("the gateway process", () => {
  it("exits 1 with a one-line message naming the variable, no stack trace", async () => {
    const { code, stderr } = await runMain({ DATABASE_URL: "not a url" });
    expect(code).toBe(1);
    expect(stderr).toMatch(/^airlock-gateway: Invalid gateway configuration:/);
    expect(stderr).toMatch(/DATABASE_URL/);
    expect(stderr).not.toMatch(/\n\s+at /);
  });

  it.each(["1", "2"])("shuts down cleanly on SIGTERM (AIRLOCK_WORKERS=%s)", async (workers) => {
    const env = gatewayEnv(database.url, masterKey, { AIRLOCK_WORKERS: workers });
    const { code, stdout } = await runMain(env, (line, child) => {
      if (line.includes('"gateway listening"')) child.kill("SIGTERM");
    });
    expect(stdout).toContain("gateway listening");
    expect(stdout).toContain("shutting down");
    expect(stdout).not.toContain("node flags");
    expect(code).toBe(0);
  });

  it("warns, naming the flags, when started without the gateway's node flags", async () => {
    const { stdout } = await runMain(
      gatewayEnv(database.url, masterKey),
      (line, child) => {
        // The warning comes right after start-up; the timer only ends a run that never warns.
        if (line.includes("node flags")) child.kill("SIGTERM");
        else if (line.includes('"gateway listening"')) setTimeout(() => child.kill("SIGTERM"), 2_000).unref();
      },
      [],
    );
    const warning = stdout.split("\n").find((line) => line.includes("node flags"));
    expect(warning).toBeDefined();
    const fields = JSON.parse(warning!) as { missing: string[]; start: string };
    expect(fields.missing).toEqual(["--no-parallel-scavenge"]);
    expect(fields.start).toBe("node --no-parallel-scavenge dist/main.js");
  });
});

// `pnpm start`: brings the whole system up on this machine.
//  1. PostgreSQL: DATABASE_URL when given, otherwise an embedded server whose data lives in
//     .airlock/pg and survives restarts.
//  2. Builds what needs building (Turborepo caches it), applies migrations.
//  3. Master key and session secret: from the environment, or generated once into .airlock/.
//  4. First admin account (password printed once, or AIRLOCK_ADMIN_PASSWORD).
//  5. Gateway and console, their URLs printed; Ctrl-C stops everything cleanly.
import { readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { applyMigrations, describeDbError } from "@airlock/db";
import { useDatabaseServer, type DatabaseServer } from "./lib/database";
import { persistentSecret, stateDir } from "./lib/state";
import { assertPortFree } from "./lib/ports";
import { run, service, waitForHttp } from "./lib/processes";
import type { ChildProcess } from "node:child_process";

const root = path.resolve(import.meta.dirname, "..");
const env = process.env;
const ports = {
  gateway: Number(env.AIRLOCK_GATEWAY_PORT ?? 8080),
  pg: Number(env.AIRLOCK_PG_PORT ?? 6432),
  admin: Number(env.AIRLOCK_ADMIN_PORT ?? 9090),
  console: Number(env.AIRLOCK_CONSOLE_PORT ?? 3000),
  embeddedPg: Number(env.AIRLOCK_EMBEDDED_PG_PORT ?? 54329),
};
const say = (m: string) => console.log(`▶ ${m}`);
const children: ChildProcess[] = [];
let db: DatabaseServer | undefined;
let stopping = false;

async function stop(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    say("Stopping…");
    await Promise.all(children.map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null) return resolve();
      c.once("exit", () => resolve());
      c.kill("SIGTERM");
      setTimeout(() => c.kill("SIGKILL"), 10_000).unref();
    })));
    await db?.stop().catch(() => {});
  }
  process.exit(code);
}
process.on("SIGINT", () => void stop(0));
process.on("SIGTERM", () => void stop(0));

async function main() {
  if (Number(process.versions.node.split(".")[0]) < 20) throw new Error(`Airlock needs Node 20 or newer (this is ${process.version}).`);

  await assertPortFree(ports.gateway, "AIRLOCK_GATEWAY_PORT");
  await assertPortFree(ports.pg, "AIRLOCK_PG_PORT");
  await assertPortFree(ports.admin, "AIRLOCK_ADMIN_PORT");
  await assertPortFree(ports.console, "AIRLOCK_CONSOLE_PORT");

  const dir = stateDir(root);
  if (!env.DATABASE_URL) {
    await assertPortFree(ports.embeddedPg, "AIRLOCK_EMBEDDED_PG_PORT", "127.0.0.1");
    say(`No DATABASE_URL: starting embedded PostgreSQL (data in ${path.relative(root, dir)}/pg, port ${ports.embeddedPg})`);
  }
  db = await useDatabaseServer({ dataDir: path.join(dir, "pg"), port: ports.embeddedPg });
  const databaseUrl = env.DATABASE_URL ?? db.url("airlock");
  if (db.embedded) await ensureDatabase(db.url("postgres"), "airlock");
  else await assertReachable(databaseUrl);

  const masterKey = persistentSecret(root, "AIRLOCK_MASTER_KEY", "master.key", (where) =>
    console.warn(`⚠ No AIRLOCK_MASTER_KEY given: generated one and stored it in ${path.relative(root, where)}.\n  It encrypts every upstream credential; back it up, and set AIRLOCK_MASTER_KEY in production.`));
  const sessionSecret = persistentSecret(root, "NEXTAUTH_SECRET", "session.secret", () => {});

  say("Building (cached after the first run)…");
  await run("pnpm", ["exec", "turbo", "run", "build", "--output-logs=errors-only"], { cwd: root, what: "Build" });

  say("Applying migrations");
  try {
    const applied = await applyMigrations(databaseUrl);
    say(applied.length ? `Applied ${applied.length} migration(s)` : "Database is up to date");
  } catch (err) {
    throw new Error(`Cannot prepare the database: ${describeDbError(err)}`);
  }

  const consoleUrl = env.NEXTAUTH_URL ?? `http://localhost:${ports.console}`;
  const common: NodeJS.ProcessEnv = {
    ...env,
    DATABASE_URL: databaseUrl,
    AIRLOCK_MASTER_KEY: masterKey,
    NEXTAUTH_SECRET: sessionSecret,
    NEXTAUTH_URL: consoleUrl,
    AIRLOCK_CONSOLE_URL: consoleUrl,
    AIRLOCK_GATEWAY_URL: env.AIRLOCK_GATEWAY_URL ?? `http://localhost:${ports.gateway}`,
    AIRLOCK_GATEWAY_PORT: String(ports.gateway),
    AIRLOCK_PG_PORT: String(ports.pg),
    AIRLOCK_ADMIN_PORT: String(ports.admin),
    AIRLOCK_SPOOL_DIR: env.AIRLOCK_SPOOL_DIR ?? path.join(dir, "spool"),
  };

  const admin = JSON.parse((await run("pnpm", ["--filter", "@airlock/console", "exec", "tsx", "scripts/ensure-admin.ts"], { cwd: root, env: common, what: "Creating the admin account", quiet: true })).trim().split("\n").pop() ?? "{}") as { created?: boolean; email?: string; password?: string };

  say("Starting gateway and console");
  // The gateway's node flags (apps/gateway/src/node-flags.ts) can only be given on the command line.
  const gatewayDir = path.join(root, "apps/gateway");
  const nodeFlags = JSON.parse(readFileSync(path.join(gatewayDir, "node-flags.json"), "utf8")) as string[];
  const gateway = service("gateway", "node", [...nodeFlags, "dist/main.js"], { cwd: gatewayDir, env: common });
  const consoleApp = service("console", "pnpm", ["exec", "next", "start", "-p", String(ports.console)], { cwd: path.join(root, "apps/console"), env: common });
  children.push(gateway, consoleApp);
  for (const child of children) child.on("exit", (code) => { if (!stopping) { console.error(`A service exited (code ${code}); stopping.`); void stop(1); } });

  await waitForHttp(`http://127.0.0.1:${ports.admin}/healthz`, 30_000, gateway);
  await waitForHttp(`http://127.0.0.1:${ports.console}/login`, 60_000, consoleApp);

  console.log(`
Airlock is up.
  Console         ${consoleUrl}
  Gateway (HTTP)  http://localhost:${ports.gateway}/c/<connection>/…
  Gateway (PG)    postgresql://<anything>:<airlock key>@localhost:${ports.pg}/<connection>
  Admin           http://localhost:${ports.admin}/healthz · /readyz · /metrics
  Database        ${db.embedded ? `embedded PostgreSQL on 127.0.0.1:${ports.embeddedPg} (data in .airlock/pg)` : "DATABASE_URL"}
${admin.created ? `  Admin account   ${admin.email}  password: ${admin.password ?? "(from AIRLOCK_ADMIN_PASSWORD)"}   ← shown once; change it after signing in\n` : ""}
Press Ctrl-C to stop.`);
}

async function assertReachable(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (err) {
    throw new Error(`Cannot use DATABASE_URL: ${describeDbError(err)}`);
  } finally {
    await client.end().catch(() => {});
  }
}

async function ensureDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (!rowCount) await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
}

main().catch(async (err: Error) => {
  console.error(`✖ ${err.message}`);
  await stop(1);
});

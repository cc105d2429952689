// `pnpm test`: every test in the repository — unit, integration against a real PostgreSQL, and
// the Playwright e2e in Chromium — through Turborepo, then one summary line.
//
// PostgreSQL: DATABASE_URL's server when set, otherwise an embedded one in a temporary directory.
// Each run migrates a template database of its own; suites clone it, so runs never interfere.
import { spawn } from "node:child_process";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { applyMigrations } from "@airlock/db";
import { dropDatabase } from "@airlock/db/testing";
import pg from "pg";
import { useDatabaseServer } from "./lib/database";
import { readSuiteCounts } from "./lib/summary";

const root = path.resolve(import.meta.dirname, "..");
const resultsDir = path.join(root, ".test-results");
rmSync(resultsDir, { recursive: true, force: true });

function step(message: string) {
  console.log(`\n▶ ${message}`);
}

step(process.env.DATABASE_URL ? "Using PostgreSQL from DATABASE_URL" : "Starting an embedded PostgreSQL for this run");
const tmp = mkdtempSync(path.join(os.tmpdir(), "airlock-test-"));
// When run as root, the embedded server runs as the `postgres` user, which must be able to enter this folder.
chmodSync(tmp, 0o711);
const server = await useDatabaseServer({ dataDir: path.join(tmp, "pg") });

const template = `airlock_run_${Date.now().toString(36)}_${process.pid}`;
let exitCode = 1;
try {
  step(`Migrating template database ${template}`);
  const admin = new pg.Client({ connectionString: server.url("postgres") });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${template}"`);
  await admin.end();
  await applyMigrations(server.url(template));
  // A template database cannot be cloned while anybody is connected to it; the migration pool is closed by now.

  step("Type-checking, linting and running all tests (turbo run typecheck lint test)");
  const args = ["exec", "turbo", "run", "typecheck", "lint", "test", "--concurrency=1", "--continue", ...process.argv.slice(2)];
  exitCode = await new Promise<number>((resolve) => {
    const child = spawn("pnpm", args, {
      cwd: root,
      stdio: "inherit",
      env: {
        ...process.env,
        AIRLOCK_TEST_DATABASE_URL: server.url("postgres"),
        AIRLOCK_TEST_TEMPLATE_DB: template,
        FORCE_COLOR: process.env.FORCE_COLOR ?? "1",
      },
    });
    child.on("exit", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
  });
} catch (err) {
  console.error(`\nTest run could not start: ${(err as Error).message}`);
} finally {
  await dropDatabase(server.url("postgres"), template).catch(() => {});
  await server.stop().catch(() => {});
  rmSync(tmp, { recursive: true, force: true });
}

const counts = readSuiteCounts(resultsDir);
const total = counts.reduce((t, c) => ({ passed: t.passed + c.passed, failed: t.failed + c.failed, skipped: t.skipped + c.skipped }), { passed: 0, failed: 0, skipped: 0 });
console.log("\nTest summary");
for (const c of counts) console.log(`  ${c.name.padEnd(12)} ${c.passed} passed, ${c.failed} failed${c.skipped ? `, ${c.skipped} skipped` : ""}`);
if (exitCode !== 0 && total.failed === 0) console.log("  (a package's test task failed before reporting results; see the output above)");
const failed = exitCode !== 0 ? Math.max(total.failed, 1) : total.failed;
console.log(`Tests: ${total.passed} passed, ${failed} failed${total.skipped ? `, ${total.skipped} skipped` : ""}`);
process.exit(exitCode !== 0 || total.failed > 0 ? 1 : 0);

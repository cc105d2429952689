// The bench's own database: created on the PostgreSQL server named by AIRLOCK_TEST_DATABASE_URL or
// DATABASE_URL (never touching other databases there), or on an embedded PostgreSQL from
// node_modules when neither is set, and dropped at the end.
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createTestDatabase } from "@airlock/db/testing";
import { startEmbeddedPostgres } from "@airlock/testkit";

export interface BenchDatabase {
  url: string;
  /** Where the server came from, for the results file. */
  server: "DATABASE_URL" | "AIRLOCK_TEST_DATABASE_URL" | "embedded";
  close(): Promise<void>;
}

export async function openBenchDatabase(): Promise<BenchDatabase> {
  const given = process.env.AIRLOCK_TEST_DATABASE_URL ? "AIRLOCK_TEST_DATABASE_URL" : process.env.DATABASE_URL ? "DATABASE_URL" : undefined;
  if (given) {
    const database = await createTestDatabase("airlock_bench");
    return { url: database.url, server: given, close: () => database.drop() };
  }
  const dir = mkdtempSync(path.join(os.tmpdir(), "airlock-bench-pg-"));
  // mkdtemp makes the folder private; when the bench runs as root, PostgreSQL runs as the
  // "postgres" user, which must be able to pass through it to its data directory.
  chmodSync(dir, 0o711);
  let server;
  try {
    server = await startEmbeddedPostgres({ dataDir: path.join(dir, "data") });
  } catch (error) {
    rmSync(dir, { recursive: true, force: true });
    throw error;
  }
  process.env.AIRLOCK_TEST_DATABASE_URL = server.connectionString("postgres");
  const database = await createTestDatabase("airlock_bench");
  return {
    url: database.url,
    server: "embedded",
    async close() {
      await database.drop().catch(() => {});
      await server.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

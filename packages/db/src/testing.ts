// Test databases: every test run (and every package within it) gets its own database on the
// server named by AIRLOCK_TEST_DATABASE_URL or DATABASE_URL, so runs never interfere.
// `pnpm test` migrates one template database per run and clones it (CREATE DATABASE … TEMPLATE),
// which takes milliseconds instead of re-running migrations for every suite.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { applyMigrations } from "./migrate/apply";

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

export function testServerUrl(): string {
  const url = process.env.AIRLOCK_TEST_DATABASE_URL ?? process.env.DATABASE_URL;
  if (!url) throw new Error("Tests need PostgreSQL: run them with `pnpm test` (which starts one) or set DATABASE_URL.");
  return url;
}

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates an empty database with migrations applied. */
export async function createTestDatabase(prefix = "airlock_test"): Promise<TestDatabase> {
  const server = testServerUrl();
  const name = `${prefix}_${Date.now().toString(36)}_${randomBytes(3).toString("hex")}`;
  const template = process.env.AIRLOCK_TEST_TEMPLATE_DB;
  await admin(server, (c) => c.query(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`));
  const url = withDatabase(server, name);
  if (!template) await applyMigrations(url);
  return {
    url,
    name,
    drop: () => dropDatabase(server, name),
  };
}

export async function createTemplateDatabase(): Promise<TestDatabase> {
  const db = await createTestDatabase("airlock_template");
  return db;
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await admin(serverUrl, (c) => c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`));
}

// `pnpm db:diff <name>`: writes prisma/migrations/<timestamp>_<name>/migration.sql with the SQL
// that brings a database built from the existing migrations up to prisma/schema.prisma.
// The engine builds the existing migrations in a throw-away shadow database on DATABASE_URL's server.
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { diffMigrationsToSchema, migrationsDir } from "../migrate/diff";
import { requireDatabaseUrl } from "./database-url";

const name = process.argv[2];
if (!name || !/^[a-z0-9_]+$/.test(name)) {
  console.error("Usage: pnpm db:diff <name>   (lower-case letters, digits and underscores, e.g. add_webhooks)");
  process.exit(2);
}
const sql = await diffMigrationsToSchema(requireDatabaseUrl());
if (!sql) {
  console.log("Schema and migrations already agree; nothing written.");
  process.exit(0);
}
const stamp = new Date().toISOString().replace(/\D/g, "").slice(0, 14);
const dir = path.join(migrationsDir, `${stamp}_${name}`);
await mkdir(dir, { recursive: true });
await writeFile(path.join(dir, "migration.sql"), sql + "\n");
console.log(`Wrote ${path.relative(process.cwd(), path.join(dir, "migration.sql"))}`);

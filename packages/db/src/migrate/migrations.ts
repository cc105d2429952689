import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import type { MigrationList, SchemaFilter } from "@prisma/schema-engine-wasm";
import { migrationsDir, schemaPath } from "./paths";

export const noFilter: SchemaFilter = { externalTables: [], externalEnums: [] };

/** Reads prisma/migrations in the shape the schema engine expects (as `prisma migrate` does). */
export async function loadMigrations(dir = migrationsDir): Promise<MigrationList> {
  const entries = (await readdir(dir, { withFileTypes: true }))
    .filter((e) => e.isDirectory())
    .map((e) => e.name)
    .sort();
  const migrationDirectories = await Promise.all(
    entries.map(async (name) => {
      const file = path.join(dir, name, "migration.sql");
      const content = await readFile(file, "utf8").then(
        (value) => ({ tag: "ok" as const, value }),
        (err: Error) => ({ tag: "error" as const, value: err.message }),
      );
      return { path: name, migrationFile: { path: "migration.sql", content } };
    }),
  );
  const lockPath = path.join(dir, "migration_lock.toml");
  const lockContent = await readFile(lockPath, "utf8").catch(() => null);
  return {
    baseDir: dir,
    lockfile: { path: "migration_lock.toml", content: lockContent },
    shadowDbInitScript: "",
    migrationDirectories,
  };
}

export async function loadSchema(file = schemaPath): Promise<{ path: string; content: string }> {
  return { path: file, content: await readFile(file, "utf8") };
}

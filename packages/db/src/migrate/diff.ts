import { openSchemaEngine } from "./engine";
import { loadMigrations, loadSchema, noFilter } from "./migrations";
import { migrationsDir } from "./paths";

/**
 * The SQL that would take a database built from prisma/migrations to prisma/schema.prisma.
 * Empty when the two agree. Diffing from migrations needs a shadow database, so the caller passes
 * the URL of an empty, throw-away database that the engine may reset.
 */
export async function diffMigrationsToSchema(shadowDatabaseUrl: string): Promise<string> {
  const { engine, close } = await openSchemaEngine(shadowDatabaseUrl);
  try {
    const migrations = await loadMigrations();
    const schema = await loadSchema();
    const result = await engine.diff({
      from: { tag: "migrations", ...migrations },
      to: { tag: "schemaDatamodel", files: [schema] },
      script: true,
      exitCode: null,
      filters: noFilter,
    });
    const sql = (result.stdout ?? "").trim();
    return sql === "-- This is an empty migration." ? "" : sql;
  } finally {
    await close();
  }
}

export { migrationsDir };

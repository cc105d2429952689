import { openSchemaEngine } from "./engine";
import { loadMigrations, noFilter } from "./migrations";

/** What `prisma migrate deploy` does: applies pending migrations, recording them in `_prisma_migrations`. */
export async function applyMigrations(connectionString: string): Promise<string[]> {
  const logs: string[] = [];
  const { engine, close } = await openSchemaEngine(connectionString, logs);
  try {
    const migrationsList = await loadMigrations();
    const out = await engine.applyMigrations({ migrationsList, filters: noFilter });
    return out.appliedMigrationNames;
  } finally {
    await close();
  }
}

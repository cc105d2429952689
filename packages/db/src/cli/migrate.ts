// `pnpm db:migrate`: applies pending migrations to DATABASE_URL.
import { applyMigrations } from "../migrate/apply";
import { describeDbError } from "../errors";
import { requireDatabaseUrl } from "./database-url";

try {
  const applied = await applyMigrations(requireDatabaseUrl());
  console.log(applied.length ? `Applied ${applied.length} migration(s): ${applied.join(", ")}` : "Database is up to date.");
} catch (err) {
  console.error(`Migration failed: ${describeDbError(err)}`);
  process.exit(1);
}

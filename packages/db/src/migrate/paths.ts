import path from "node:path";
import { fileURLToPath } from "node:url";

/** The repository root, found from this file's location (packages/db/src/migrate). */
export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../../..");
export const schemaPath = path.join(repoRoot, "prisma/schema.prisma");
export const migrationsDir = path.join(repoRoot, "prisma/migrations");

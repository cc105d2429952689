// Local state of `pnpm start`, kept under .airlock/ (git-ignored): secrets generated on first start
// so that a restart keeps working with the same data.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

export function stateDir(root: string): string {
  const dir = path.join(root, ".airlock");
  // Traversable but not listable by others: when run as root, the embedded PostgreSQL runs as the
  // `postgres` user and must reach .airlock/pg. The secrets inside are files of mode 0600.
  mkdirSync(dir, { recursive: true, mode: 0o711 });
  return dir;
}

/** Returns the value of `envName` if set, else a value kept in .airlock/<file>, created once. */
export function persistentSecret(root: string, envName: string, file: string, onCreate: (where: string) => void): string {
  const fromEnv = process.env[envName];
  if (fromEnv) return fromEnv;
  const where = path.join(stateDir(root), file);
  if (existsSync(where)) return readFileSync(where, "utf8").trim();
  const value = randomBytes(32).toString("base64");
  writeFileSync(where, value + "\n", { mode: 0o600 });
  onCreate(where);
  return value;
}

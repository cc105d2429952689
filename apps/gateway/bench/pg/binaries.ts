// Where Debian keeps the tools the Postgres bench drives: pgbench sits in the server's bin folder
// (not on PATH), pgbouncer in /usr/sbin.
import { execFileSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";

export function findPgbench(): string {
  try {
    const bindir = execFileSync("pg_config", ["--bindir"], { encoding: "utf8" }).trim();
    if (existsSync(`${bindir}/pgbench`)) return `${bindir}/pgbench`;
  } catch {
    // pg_config missing: look in the versioned folders
  }
  const root = "/usr/lib/postgresql";
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const version of versions) if (existsSync(`${root}/${version}/bin/pgbench`)) return `${root}/${version}/bin/pgbench`;
  throw new Error("pgbench not found: install the PostgreSQL server package (Debian: postgresql), which ships it");
}

export function findPgbouncer(): string {
  for (const candidate of ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer", "/usr/local/bin/pgbouncer"]) if (existsSync(candidate)) return candidate;
  throw new Error("pgbouncer not found: apt-get install -y pgbouncer");
}

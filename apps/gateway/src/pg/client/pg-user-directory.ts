// Postgres user names → the key's SCRAM verifier. The startup packet's `user` must pick the
// verifier before the client proves anything, so each key has a non-secret user name of its own
// (`alkpg_…`, see @airlock/db keys.ts). Cached like the key store (misses too, so a flood of made-
// up names does not reach PostgreSQL) and cleared on every configuration change.
import { parseScramVerifier, PG_USER_PREFIX, type Db, type ScramVerifier } from "@airlock/db";
import { TtlCache } from "../../cache/ttl-cache";

export interface PgUserEntry {
  keyHash: string;
  verifier: ScramVerifier;
}

export class PgUserDirectory {
  readonly #cache: TtlCache<string, PgUserEntry | null>;

  constructor(
    private readonly db: Db,
    ttlMs: number,
  ) {
    this.#cache = new TtlCache(ttlMs);
  }

  /** Null for names that are no key's Postgres user name, or whose key has no usable verifier. */
  lookup(user: string): Promise<PgUserEntry | null> {
    if (!user.startsWith(PG_USER_PREFIX)) return Promise.resolve(null);
    return this.#cache.get(user, (name) => this.#load(name));
  }

  clear(): void {
    this.#cache.clear();
  }

  async #load(pgUser: string): Promise<PgUserEntry | null> {
    const row = await this.db.apiKey.findUnique({ where: { pgUser }, select: { keyHash: true, pgScramVerifier: true } });
    const verifier = row?.pgScramVerifier ? parseScramVerifier(row.pgScramVerifier) : null;
    return row && verifier ? { keyHash: row.keyHash, verifier } : null;
  }
}

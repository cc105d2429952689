// Airlock keys, looked up by SHA-256 hash. Rows are cached (misses too, so a flood of bad keys does
// not reach PostgreSQL); expiry is checked on every request against the cached row, and revocation
// reaches every replica through NOTIFY airlock_config, which clears the cache.
import { hashToken, type Db } from "@airlock/db";
import { TtlCache } from "../cache/ttl-cache";
import type { Identity } from "../identity";

export interface KeyRecord {
  id: string;
  expiresAt: number | null;
  revoked: boolean;
  /** The owning user or service account is disabled (or the key has no owner). */
  ownerDisabled: boolean;
  identity: Identity;
}

export class ApiKeyStore {
  readonly #cache: TtlCache<string, KeyRecord | null>;

  constructor(
    private readonly db: Db,
    ttlMs: number,
  ) {
    this.#cache = new TtlCache(ttlMs);
  }

  lookup(secret: string): Promise<KeyRecord | null> {
    return this.lookupHash(hashToken(secret));
  }

  /** For callers that verified possession of the key another way (SCRAM on the Postgres port). */
  lookupHash(keyHash: string): Promise<KeyRecord | null> {
    return this.#cache.get(keyHash, (hash) => this.#load(hash));
  }

  clear(): void {
    this.#cache.clear();
  }

  async #load(keyHash: string): Promise<KeyRecord | null> {
    const row = await this.db.apiKey.findUnique({
      where: { keyHash },
      select: {
        id: true,
        expiresAt: true,
        revokedAt: true,
        connections: { select: { id: true } },
        ownerUser: { select: { id: true, email: true, role: true, disabled: true } },
        serviceAccount: { select: { id: true, name: true, disabled: true } },
      },
    });
    if (!row) return null;
    const keyConnectionIds = row.connections.map((c) => c.id);
    const base = { id: row.id, expiresAt: row.expiresAt?.getTime() ?? null, revoked: row.revokedAt !== null };
    if (row.serviceAccount) {
      const sa = row.serviceAccount;
      return {
        ...base,
        ownerDisabled: sa.disabled,
        identity: { kind: "service_account", id: sa.id, label: sa.name, via: "api_key", keyId: row.id, keyConnectionIds },
      };
    }
    if (row.ownerUser) {
      const user = row.ownerUser;
      return {
        ...base,
        ownerDisabled: user.disabled,
        identity: { kind: "user", id: user.id, label: user.email, via: "api_key", keyId: row.id, keyConnectionIds, role: user.role },
      };
    }
    return { ...base, ownerDisabled: true, identity: { kind: "user", id: "", label: "", via: "api_key", keyId: row.id, keyConnectionIds } };
  }
}

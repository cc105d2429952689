// Which connections an identity is granted (ConnectionGrant rows), cached per identity and cleared
// on every configuration change.
import type { Db } from "@airlock/db";
import { TtlCache } from "../cache/ttl-cache";
import type { Identity } from "../identity";

export class GrantStore {
  readonly #cache: TtlCache<string, ReadonlySet<string>>;

  constructor(
    private readonly db: Db,
    ttlMs: number,
  ) {
    this.#cache = new TtlCache(ttlMs);
  }

  granted(identity: Identity): Promise<ReadonlySet<string>> {
    return this.#cache.get(`${identity.kind}:${identity.id}`, () => this.#load(identity));
  }

  clear(): void {
    this.#cache.clear();
  }

  async #load(identity: Identity): Promise<ReadonlySet<string>> {
    const where = identity.kind === "user" ? { userId: identity.id } : { serviceAccountId: identity.id };
    const rows = await this.db.connectionGrant.findMany({ where, select: { connectionId: true } });
    return new Set(rows.map((r) => r.connectionId));
  }
}

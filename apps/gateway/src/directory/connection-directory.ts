// Connections by name (the URL slug), cached; the sealed credential stays encrypted in the cache
// and is decrypted in memory only when a request is about to be forwarded.
import { decryptSecret, type Db } from "@airlock/db";
import { TtlCache } from "../cache/ttl-cache";
import { GatewayError } from "../errors";
import type { ConnectionDirectory, ConnectionKind, ResolvedConnection } from "../services";

export class CachedConnectionDirectory implements ConnectionDirectory {
  readonly #cache: TtlCache<string, ResolvedConnection | null>;

  constructor(
    private readonly db: Db,
    private readonly masterKey: Buffer,
    ttlMs: number,
  ) {
    this.#cache = new TtlCache(ttlMs);
  }

  async byName(name: string): Promise<ResolvedConnection> {
    const connection = await this.#cache.get(name, (n) => this.#load(n));
    if (!connection) throw new GatewayError("connection_not_found", `No connection named '${name}'.`);
    return connection;
  }

  clear(): void {
    this.#cache.clear();
  }

  async #load(name: string): Promise<ResolvedConnection | null> {
    const row = await this.db.connection.findUnique({
      where: { name },
      omit: { credentialCiphertext: false },
    });
    if (!row) return null;
    const sealed = row.credentialCiphertext;
    const masterKey = this.masterKey;
    const options = row.options && typeof row.options === "object" && !Array.isArray(row.options) ? (row.options as Record<string, unknown>) : {};
    return {
      id: row.id,
      name: row.name,
      kind: row.kind as ConnectionKind,
      upstreamUrl: row.upstreamUrl,
      enabled: row.enabled,
      authHeader: row.authHeader,
      options,
      allowPrivateNetwork: row.allowPrivateNetwork,
      credential: () => (sealed ? decryptSecret(masterKey, sealed) : null),
    };
  }
}

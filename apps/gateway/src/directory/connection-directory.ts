// Connections by name (the URL slug), cached. The sealed credential is decrypted the first time a
// request is forwarded and the plaintext is kept in the same cache entry, so it expires and is
// invalidated with it (AES-GCM per request was a measurable share of the data path's CPU).
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
    let plain: string | null | undefined;
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
      credential: () => (plain === undefined ? (plain = sealed ? decryptSecret(masterKey, sealed) : null) : plain),
    };
  }
}

// Authentication (who is calling) and authorization (may they use this connection). Everything is
// served from caches after warm-up; the only per-request work is a hash and a few map lookups.
import { API_KEY_PREFIX } from "@airlock/db";
import { GatewayError } from "../errors";
import type { Identity } from "../identity";
import type { Authenticator, ResolvedConnection } from "../services";
import type { ApiKeyStore, KeyRecord } from "./api-key-store";
import type { GrantStore } from "./grant-store";
import type { LastUsedTracker } from "./last-used";
import type { OidcIdentities } from "./oidc-identities";
import type { OidcVerifier } from "./oidc-verifier";

export interface AuthenticatorParts {
  keys: ApiKeyStore;
  grants: GrantStore;
  lastUsed: LastUsedTracker;
  /** Absent when no OIDC issuer is configured: only Airlock keys are accepted. */
  oidc?: { verifier: OidcVerifier; identities: OidcIdentities } | undefined;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*\.[A-Za-z0-9_-]*$/;

export function createAuthenticator(parts: AuthenticatorParts): Authenticator {
  async function viaKey(record: KeyRecord | null): Promise<Identity> {
    if (!record) throw new GatewayError("invalid_api_key", "Invalid Airlock API key.");
    if (record.revoked) throw new GatewayError("key_revoked", "This Airlock API key has been revoked.");
    if (record.expiresAt !== null && record.expiresAt <= Date.now()) {
      throw new GatewayError("key_expired", "This Airlock API key has expired.");
    }
    if (record.ownerDisabled) throw new GatewayError("invalid_api_key", "The owner of this Airlock API key is disabled.");
    parts.lastUsed.touch(record.id);
    return record.identity;
  }

  async function viaOidc(token: string): Promise<Identity> {
    const oidc = parts.oidc;
    if (!oidc) throw new GatewayError("invalid_api_key", "Invalid Airlock API key (OIDC access tokens are not enabled on this gateway).");
    const verified = await oidc.verifier.verify(token);
    const match = await oidc.identities.resolve(verified);
    if (!match) {
      throw new GatewayError("invalid_token", "The access token's subject is not linked to any Airlock service account or user.");
    }
    if (match.disabled) throw new GatewayError("invalid_token", "The identity behind this access token is disabled.");
    return match.identity;
  }

  return {
    authenticate(secret) {
      if (secret.startsWith(API_KEY_PREFIX)) return parts.keys.lookup(secret).then(viaKey);
      if (JWT_SHAPE.test(secret)) return viaOidc(secret);
      return Promise.reject(new GatewayError("invalid_api_key", "Invalid Airlock API key: expected a key starting with alk_ or an OIDC access token."));
    },
    authenticateKeyHash(keyHash) {
      return parts.keys.lookupHash(keyHash).then(viaKey);
    },
    async authorize(identity, connection: ResolvedConnection) {
      if (identity.keyConnectionIds.length > 0 && !identity.keyConnectionIds.includes(connection.id)) {
        throw new GatewayError("connection_forbidden", `This key is not scoped to connection '${connection.name}'.`);
      }
      if (identity.kind === "user" && identity.role === "admin") return;
      const granted = await parts.grants.granted(identity);
      if (!granted.has(connection.id)) {
        throw new GatewayError("connection_forbidden", `'${identity.label}' has no grant for connection '${connection.name}'.`);
      }
    },
  };
}

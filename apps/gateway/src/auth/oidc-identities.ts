// Maps a verified token's subject to an Airlock identity: a ServiceAccount whose oidcSubject is the
// token's `sub` or `client_id`, otherwise a User by oidcSubject or e-mail. Cached; cleared on
// configuration changes like every other directory.
import type { Db } from "@airlock/db";
import { TtlCache } from "../cache/ttl-cache";
import type { Identity } from "../identity";
import type { VerifiedToken } from "./oidc-verifier";

export type OidcMatch = { identity: Identity; disabled: boolean } | null;

export class OidcIdentities {
  readonly #cache: TtlCache<string, OidcMatch>;

  constructor(
    private readonly db: Db,
    ttlMs: number,
  ) {
    this.#cache = new TtlCache(ttlMs);
  }

  resolve(token: VerifiedToken): Promise<OidcMatch> {
    const key = `${token.subjects.join("\u0000")}\u0001${token.email ?? ""}`;
    return this.#cache.get(key, () => this.#load(token));
  }

  clear(): void {
    this.#cache.clear();
  }

  async #load(token: VerifiedToken): Promise<OidcMatch> {
    const sa = await this.db.serviceAccount.findFirst({
      where: { oidcSubject: { in: token.subjects } },
      select: { id: true, name: true, disabled: true },
    });
    if (sa) {
      return { disabled: sa.disabled, identity: { kind: "service_account", id: sa.id, label: sa.name, via: "oidc", keyConnectionIds: [] } };
    }
    const or: ({ oidcSubject: { in: string[] } } | { email: string })[] = [{ oidcSubject: { in: token.subjects } }];
    if (token.email) or.push({ email: token.email });
    const user = await this.db.user.findFirst({ where: { OR: or }, select: { id: true, email: true, role: true, disabled: true } });
    if (!user) return null;
    return {
      disabled: user.disabled,
      identity: { kind: "user", id: user.id, label: user.email, via: "oidc", keyConnectionIds: [], role: user.role },
    };
  }
}

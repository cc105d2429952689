// Console sign-in through an OpenID Provider: the role comes from the groups claim via
// AIRLOCK_OIDC_ROLE_MAP (the IdP stays the source of truth, so it is re-read at every sign-in) and
// the user row is found or created by the token's subject.
import type { Db } from "@airlock/db";
import { ROLES, type Role } from "@/lib/roles";
import type { SignedInUser } from "./local-sign-in";

export interface OidcProfile {
  sub: string;
  email?: string;
  email_verified?: boolean;
  name?: string;
  [claim: string]: unknown;
}

/** The most privileged role among the user's mapped groups; "member" when none is mapped. */
export function roleFromGroups(groups: unknown, roleMap: Record<string, Role>): Role {
  const list = Array.isArray(groups) ? groups.map(String) : typeof groups === "string" ? groups.split(/[ ,]+/) : [];
  const mapped = list.map((g) => roleMap[g]).filter((r): r is Role => r !== undefined);
  return ROLES.find((r) => mapped.includes(r)) ?? "member";
}

export class OidcSignInRefused extends Error {}

/**
 * Finds the user by OIDC subject, or links an existing local account with the same e-mail when the
 * IdP says that e-mail is verified, or creates one. Disabled users are refused.
 */
export async function upsertOidcUser(db: Db, profile: OidcProfile, role: Role): Promise<SignedInUser> {
  if (!profile.sub) throw new OidcSignInRefused("the identity provider sent no subject");
  const email = profile.email?.trim().toLowerCase();
  const now = new Date();
  let user = await db.user.findUnique({ where: { oidcSubject: profile.sub } });
  if (!user && email) {
    const byEmail = await db.user.findUnique({ where: { email } });
    if (byEmail) {
      if (byEmail.oidcSubject || profile.email_verified !== true) {
        throw new OidcSignInRefused(`an account for ${email} already exists and cannot be linked to this sign-in`);
      }
      user = byEmail;
    }
  }
  if (user?.disabled) throw new OidcSignInRefused("this account is disabled");
  const saved = user
    ? await db.user.update({
        where: { id: user.id },
        data: { oidcSubject: profile.sub, role, lastLoginAt: now, ...(profile.name ? { name: profile.name } : {}) },
      })
    : await db.user.create({
        data: { email: email ?? `${profile.sub}@oidc.invalid`, name: profile.name ?? null, role, oidcSubject: profile.sub, lastLoginAt: now },
      });
  return { id: saved.id, email: saved.email, name: saved.name, role: saved.role };
}

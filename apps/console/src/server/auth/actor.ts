// Who is calling the console: a signed-in person (next-auth session cookie), a script with a
// personal access token (`Authorization: Bearer alt_…`), or automation holding
// AIRLOCK_BOOTSTRAP_TOKEN (an admin that is no user). The user row is read on every request, so a
// role change or a disabled account takes effect at once, whatever the session cookie says.
import { createHash, timingSafeEqual } from "node:crypto";
import { ACCESS_TOKEN_PREFIX, hashToken, type Db } from "@airlock/db";
import type { Role } from "@/lib/roles";
import type { ConsoleEnv } from "../env";
import { readSessionCookie } from "./session-cookie";

export interface Actor {
  kind: "user" | "bootstrap" | "system";
  /** Null for the bootstrap token, which acts as no user. */
  userId: string | null;
  /** E-mail, or "bootstrap token". Safe to show and to record. */
  label: string;
  role: Role;
  via: "session" | "token" | "bootstrap";
  tokenId?: string;
}

/** lastUsedAt is informational; writing it at most once a minute keeps reads cheap. */
const LAST_USED_RESOLUTION_MS = 60_000;

function sha256(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

function isBootstrapToken(presented: string, configured: string | undefined): boolean {
  if (!configured) return false;
  return timingSafeEqual(sha256(presented), sha256(configured));
}

async function fromAccessToken(db: Db, token: string): Promise<Actor | null> {
  const row = await db.personalAccessToken.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { user: true },
  });
  const now = Date.now();
  if (!row || row.revokedAt || (row.expiresAt && row.expiresAt.getTime() <= now) || row.user.disabled) return null;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > LAST_USED_RESOLUTION_MS) {
    await db.personalAccessToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } });
  }
  return { kind: "user", userId: row.user.id, label: row.user.email, role: row.user.role, via: "token", tokenId: row.id };
}

async function fromSession(db: Db, req: Request, env: ConsoleEnv): Promise<Actor | null> {
  const claims = await readSessionCookie(req, env.sessionSecret, env.NEXTAUTH_URL);
  if (!claims?.sub) return null;
  const user = await db.user.findUnique({ where: { id: claims.sub } });
  if (!user || user.disabled) return null;
  return { kind: "user", userId: user.id, label: user.email, role: user.role, via: "session" };
}

/** The caller, or null when the request carries no valid credential. */
export async function authenticate(db: Db, req: Request, env: ConsoleEnv): Promise<Actor | null> {
  const authorization = req.headers.get("authorization");
  if (authorization) {
    const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
    const presented = match?.[1];
    if (!presented) return null;
    if (isBootstrapToken(presented, env.AIRLOCK_BOOTSTRAP_TOKEN)) {
      return { kind: "bootstrap", userId: null, label: "bootstrap token", role: "admin", via: "bootstrap" };
    }
    return presented.startsWith(ACCESS_TOKEN_PREFIX) ? fromAccessToken(db, presented) : null;
  }
  return fromSession(db, req, env);
}

/**
 * Cookie-authenticated writes must come from the console's own pages. The session cookie is
 * SameSite=Lax already; this check also covers browsers and proxies that do not honour it.
 */
export function isSameOrigin(req: Request, publicUrl: string): boolean {
  const origin = req.headers.get("origin");
  if (!origin) return req.headers.get("sec-fetch-site") === "same-origin";
  const allowed = new Set([new URL(publicUrl).origin, new URL(req.url).origin]);
  return allowed.has(origin);
}

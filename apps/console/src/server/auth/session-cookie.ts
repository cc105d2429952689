// Reads the next-auth session (a JWT encrypted with the session secret) from a request's cookies.
// next-auth's getToken would also treat any `Authorization: Bearer` value as a session token, which
// collides with personal access tokens, so it is given the cookies alone.
import { getToken } from "next-auth/jwt";

export function sessionCookieName(publicUrl: string): string {
  return publicUrl.startsWith("https://") ? "__Secure-next-auth.session-token" : "next-auth.session-token";
}

function parseCookies(header: string | null): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq <= 0) continue;
    const name = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    try {
      cookies.set(name, decodeURIComponent(value));
    } catch {
      cookies.set(name, value);
    }
  }
  return cookies;
}

export interface SessionClaims {
  sub?: string;
  role?: string;
  email?: string;
}

/** The session's claims, or null when there is no valid, unexpired session cookie. */
export async function readSessionCookie(req: Request, secret: string, publicUrl: string): Promise<SessionClaims | null> {
  const cookieName = sessionCookieName(publicUrl);
  const cookies = parseCookies(req.headers.get("cookie"));
  if (![...cookies.keys()].some((k) => k.startsWith(cookieName))) return null;
  const token = await getToken({
    // eslint-disable-next-line @typescript-eslint/no-explicit-any -- getToken's request type is Next's; it only reads these two fields
    req: { cookies, headers: {} } as any,
    secret,
    cookieName,
    secureCookie: publicUrl.startsWith("https://"),
  });
  return token as SessionClaims | null;
}

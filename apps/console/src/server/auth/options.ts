import "server-only";
// next-auth configuration: local accounts (Credentials) and, when AIRLOCK_OIDC_CONSOLE_* are set,
// an OpenID Provider. Sessions are JWTs in an encrypted cookie that expire after
// AIRLOCK_SESSION_MAX_AGE_SECONDS; next-auth's own CSRF token protects its sign-in forms.
import type { NextAuthOptions } from "next-auth";
import CredentialsProvider from "next-auth/providers/credentials";
import { getDb } from "../db";
import { getEnv } from "../env";
import { clientIp } from "../api/audit";
import { signInWithinLimits } from "./sign-in-throttle";
import { OidcSignInRefused, roleFromGroups, upsertOidcUser, type OidcProfile } from "./oidc-sign-in";

interface AppUser {
  id: string;
  email?: string | null;
  name?: string | null;
  role?: string;
}

let cached: NextAuthOptions | undefined;

export function getAuthOptions(): NextAuthOptions {
  if (cached) return cached;
  const env = getEnv();
  const signInLimits = {
    perAccount: env.AIRLOCK_SIGN_IN_MAX_FAILURES,
    perAddress: env.AIRLOCK_SIGN_IN_MAX_FAILURES_PER_IP,
    windowMs: env.AIRLOCK_SIGN_IN_WINDOW_MINUTES * 60_000,
  };
  const providers: NextAuthOptions["providers"] = [
    CredentialsProvider({
      id: "credentials",
      name: "Email and password",
      credentials: { email: { label: "Email", type: "email" }, password: { label: "Password", type: "password" } },
      // Throws SignInThrottledError after too many failures; next-auth hands its message to the form.
      async authorize(credentials, req) {
        const email = credentials?.email ?? "";
        const password = credentials?.password ?? "";
        if (!email || !password || password.length > 1024) return null;
        const headers = req.headers as Record<string, string | string[] | undefined> | undefined;
        const ip = clientIp((name) => {
          const value = headers?.[name];
          return Array.isArray(value) ? value[0] : value;
        });
        return signInWithinLimits(getDb(), { email, password, ip }, signInLimits);
      },
    }),
  ];
  if (env.oidc) {
    providers.push({
      id: "oidc",
      name: env.AIRLOCK_OIDC_CONSOLE_NAME,
      type: "oauth",
      wellKnown: `${env.oidc.issuer.replace(/\/$/, "")}/.well-known/openid-configuration`,
      clientId: env.oidc.clientId,
      clientSecret: env.oidc.clientSecret,
      authorization: { params: { scope: "openid email profile" } },
      idToken: true,
      checks: ["pkce", "state"],
      profile: (profile: OidcProfile) => ({ id: profile.sub, email: profile.email ?? null, name: profile.name ?? null }),
    });
  }
  cached = {
    secret: env.sessionSecret,
    providers,
    session: { strategy: "jwt", maxAge: env.AIRLOCK_SESSION_MAX_AGE_SECONDS },
    jwt: { maxAge: env.AIRLOCK_SESSION_MAX_AGE_SECONDS },
    pages: { signIn: "/login", error: "/login" },
    callbacks: {
      async signIn({ user, account, profile }) {
        if (account?.provider !== "oidc") return true;
        const claims = profile as OidcProfile | undefined;
        if (!claims) return false;
        try {
          const role = roleFromGroups(claims[env.AIRLOCK_OIDC_GROUPS_CLAIM], env.AIRLOCK_OIDC_ROLE_MAP);
          const saved = await upsertOidcUser(getDb(), claims, role);
          Object.assign(user as AppUser, { id: saved.id, email: saved.email, name: saved.name, role: saved.role });
          return true;
        } catch (err) {
          if (err instanceof OidcSignInRefused) return `/login?error=${encodeURIComponent(err.message)}`;
          throw err;
        }
      },
      async jwt({ token, user }) {
        if (user) {
          const u = user as AppUser;
          token.sub = u.id;
          token.role = u.role;
          token.email = u.email ?? null;
        }
        return token;
      },
      async session({ session, token }) {
        return { ...session, user: { ...session.user, id: token.sub, role: token.role } };
      },
    },
  };
  return cached;
}

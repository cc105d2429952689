// Console configuration: environment variables, validated once (at start-up from instrumentation.ts,
// or on first use). A bad value stops the server with one line per variable naming it.
// Documented in docs/configuration.md.
import { z } from "zod";
import { parseMasterKey } from "@airlock/db";
import { ROLES, type Role } from "@/lib/roles";

const bool = z
  .enum(["true", "false", "1", "0", "yes", "no"])
  .transform((v) => v === "true" || v === "1" || v === "yes");


/** "airlock-admins=admin,airlock-reviewers=reviewer" → { "airlock-admins": "admin", ... } */
const roleMap = z.string().transform((value, ctx) => {
  const map: Record<string, Role> = {};
  for (const pair of value.split(",").map((p) => p.trim()).filter(Boolean)) {
    const at = pair.lastIndexOf("=");
    const group = pair.slice(0, at).trim();
    const role = pair.slice(at + 1).trim();
    if (at <= 0 || !(ROLES as readonly string[]).includes(role)) {
      ctx.addIssue({ code: "custom", message: `'${pair}' is not group=role (roles: ${ROLES.join(", ")})` });
      return z.NEVER;
    }
    map[group] = role as Role;
  }
  return map;
});

const schema = z
  .object({
    DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL"),
    AIRLOCK_MASTER_KEY: z.string().min(1, "is required: 32 bytes, base64 (openssl rand -base64 32)"),
    NEXTAUTH_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
    AIRLOCK_SESSION_SECRET: z.string().min(32, "must be at least 32 characters (openssl rand -base64 32)").optional(),
    NEXTAUTH_URL: z.url("must be the console's public URL, e.g. http://localhost:3000"),
    AIRLOCK_GATEWAY_URL: z.url().default("http://localhost:8080"),
    AIRLOCK_GATEWAY_PG_PORT: z.coerce.number().int().min(1).max(65535).default(6432),
    AIRLOCK_BOOTSTRAP_TOKEN: z.string().min(24, "must be at least 24 characters").optional(),
    AIRLOCK_SESSION_MAX_AGE_SECONDS: z.coerce.number().int().min(60).default(8 * 60 * 60),
    AIRLOCK_HASH_KEY: z.string().min(1).optional(),
    AIRLOCK_OIDC_CONSOLE_ISSUER: z.url().optional(),
    AIRLOCK_OIDC_CONSOLE_CLIENT_ID: z.string().min(1).optional(),
    AIRLOCK_OIDC_CONSOLE_CLIENT_SECRET: z.string().min(1).optional(),
    AIRLOCK_OIDC_CONSOLE_NAME: z.string().default("Single sign-on"),
    AIRLOCK_OIDC_GROUPS_CLAIM: z.string().default("groups"),
    AIRLOCK_OIDC_ROLE_MAP: roleMap.default({}),
    AIRLOCK_ALLOW_PRIVATE_UPSTREAMS: bool.default(false),
    AIRLOCK_RETENTION_INTERVAL_MINUTES: z.coerce.number().int().min(0).default(60),
    AIRLOCK_SIGN_IN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
    AIRLOCK_SIGN_IN_MAX_FAILURES_PER_IP: z.coerce.number().int().min(1).default(20),
    AIRLOCK_SIGN_IN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  })
  .superRefine((env, ctx) => {
    if (!env.NEXTAUTH_SECRET && !env.AIRLOCK_SESSION_SECRET) {
      ctx.addIssue({ code: "custom", path: ["NEXTAUTH_SECRET"], message: "is required (or AIRLOCK_SESSION_SECRET): openssl rand -base64 32" });
    }
    const oidc = [env.AIRLOCK_OIDC_CONSOLE_ISSUER, env.AIRLOCK_OIDC_CONSOLE_CLIENT_ID, env.AIRLOCK_OIDC_CONSOLE_CLIENT_SECRET];
    if (oidc.some(Boolean) && !oidc.every(Boolean)) {
      ctx.addIssue({
        code: "custom",
        path: ["AIRLOCK_OIDC_CONSOLE_ISSUER"],
        message: "console OIDC needs all three of AIRLOCK_OIDC_CONSOLE_ISSUER, _CLIENT_ID and _CLIENT_SECRET",
      });
    }
    if (env.AIRLOCK_HASH_KEY && Buffer.byteLength(env.AIRLOCK_HASH_KEY) < 32) {
      ctx.addIssue({ code: "custom", path: ["AIRLOCK_HASH_KEY"], message: "must be 32 bytes (base64 or hex) or at least 32 characters" });
    }
    try {
      parseMasterKey(env.AIRLOCK_MASTER_KEY);
    } catch (err) {
      ctx.addIssue({ code: "custom", path: ["AIRLOCK_MASTER_KEY"], message: (err as Error).message.replace(/^AIRLOCK_MASTER_KEY /, "") });
    }
  });

export interface ConsoleEnv extends Omit<z.infer<typeof schema>, "NEXTAUTH_SECRET" | "AIRLOCK_SESSION_SECRET"> {
  sessionSecret: string;
  masterKey: Buffer;
  oidc: { issuer: string; clientId: string; clientSecret: string } | null;
}

export class ConfigError extends Error {}

export function parseEnv(source: Record<string, string | undefined>): ConsoleEnv {
  const result = schema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join(".") || "(environment)"}: ${i.message}`);
    throw new ConfigError(`Invalid console configuration:\n${lines.join("\n")}`);
  }
  const { NEXTAUTH_SECRET, AIRLOCK_SESSION_SECRET, ...env } = result.data;
  const issuer = env.AIRLOCK_OIDC_CONSOLE_ISSUER;
  const clientId = env.AIRLOCK_OIDC_CONSOLE_CLIENT_ID;
  const clientSecret = env.AIRLOCK_OIDC_CONSOLE_CLIENT_SECRET;
  return {
    ...env,
    sessionSecret: (NEXTAUTH_SECRET ?? AIRLOCK_SESSION_SECRET) as string,
    masterKey: parseMasterKey(env.AIRLOCK_MASTER_KEY),
    oidc: issuer && clientId && clientSecret ? { issuer, clientId, clientSecret } : null,
  };
}

let cached: ConsoleEnv | undefined;

/** The validated configuration; parsed on first use so `next build` does not need it. */
export function getEnv(): ConsoleEnv {
  cached ??= parseEnv(process.env);
  return cached;
}

/** Tests change the environment between suites. */
export function resetEnvForTests(): void {
  cached = undefined;
}

// Start-up configuration: a bad or missing variable stops the console with its name.
import { describe, expect, it } from "vitest";
import { ConfigError, parseEnv } from "@/server/env";

const valid = {
  DATABASE_URL: "postgresql://localhost/airlock",
  AIRLOCK_MASTER_KEY: Buffer.alloc(32, 1).toString("base64"),
  NEXTAUTH_SECRET: "x".repeat(32),
  NEXTAUTH_URL: "http://localhost:3000",
};

function failure(env: Record<string, string>): string {
  try {
    parseEnv(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error("expected the configuration to be refused");
}

describe("console configuration", () => {
  it("applies defaults", () => {
    const env = parseEnv(valid);
    expect(env.AIRLOCK_GATEWAY_URL).toBe("http://localhost:8080");
    expect(env.AIRLOCK_SESSION_MAX_AGE_SECONDS).toBe(8 * 3600);
    expect(env.AIRLOCK_OIDC_GROUPS_CLAIM).toBe("groups");
    expect(env.oidc).toBeNull();
    expect(env.masterKey).toHaveLength(32);
  });

  it("names each missing or invalid variable", () => {
    const { DATABASE_URL: _d, ...noDb } = valid;
    expect(failure(noDb)).toMatch(/DATABASE_URL/);
    expect(failure({ ...valid, AIRLOCK_MASTER_KEY: "short" })).toMatch(/AIRLOCK_MASTER_KEY: must be 32 bytes/);
    const { NEXTAUTH_SECRET: _s, ...noSecret } = valid;
    expect(failure(noSecret)).toMatch(/NEXTAUTH_SECRET: is required \(or AIRLOCK_SESSION_SECRET\)/);
    expect(failure({ ...valid, AIRLOCK_OIDC_CONSOLE_ISSUER: "https://idp.example" })).toMatch(/AIRLOCK_OIDC_CONSOLE_ISSUER: console OIDC needs all three/);
    expect(failure({ ...valid, AIRLOCK_OIDC_ROLE_MAP: "admins=superuser" })).toMatch(/AIRLOCK_OIDC_ROLE_MAP: 'admins=superuser' is not group=role/);
  });

  it("accepts AIRLOCK_SESSION_SECRET instead of NEXTAUTH_SECRET, and parses the role map", () => {
    const { NEXTAUTH_SECRET: _s, ...rest } = valid;
    const env = parseEnv({ ...rest, AIRLOCK_SESSION_SECRET: "y".repeat(40), AIRLOCK_OIDC_ROLE_MAP: "airlock-admins=admin, airlock-reviewers=reviewer" });
    expect(env.sessionSecret).toBe("y".repeat(40));
    expect(env.AIRLOCK_OIDC_ROLE_MAP).toEqual({ "airlock-admins": "admin", "airlock-reviewers": "reviewer" });
  });
});

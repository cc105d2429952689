// Key verifiers must be exactly what PostgreSQL itself stores for the same password and salt, so
// every SCRAM client that talks to PostgreSQL accepts the gateway's exchange.
import { randomBytes } from "node:crypto";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { apiKeyColumns, generateApiKey, hashToken, PG_USER_PREFIX } from "./keys";
import { deriveScramVerifier, formatScramVerifier, parseScramVerifier } from "./scram";
import { testServerUrl } from "./testing";

describe("SCRAM-SHA-256 verifiers", () => {
  it("match the verifier PostgreSQL stores for the same key", async () => {
    const key = generateApiKey();
    const role = `airlock_scram_${randomBytes(4).toString("hex")}`;
    const client = new pg.Client({ connectionString: testServerUrl() });
    await client.connect();
    try {
      await client.query("SET password_encryption = 'scram-sha-256'");
      await client.query(`CREATE ROLE "${role}" PASSWORD '${key}'`);
      const { rows } = await client.query<{ rolpassword: string }>("SELECT rolpassword FROM pg_authid WHERE rolname = $1", [role]);
      const stored = rows[0]!.rolpassword;
      const parsed = parseScramVerifier(stored);
      expect(parsed).not.toBeNull();
      expect(formatScramVerifier(deriveScramVerifier(key, parsed!.salt, parsed!.iterations))).toBe(stored);
    } finally {
      await client.query(`DROP ROLE IF EXISTS "${role}"`);
      await client.end();
    }
  });

  it("are stored with every new key, next to a Postgres user name that reveals nothing of the key", () => {
    const key = generateApiKey();
    const columns = apiKeyColumns(key);
    expect(columns.keyHash).toBe(hashToken(key));
    expect(columns.pgUser).toMatch(new RegExp(`^${PG_USER_PREFIX}[0-9a-f]{20}$`));
    expect(key).not.toContain(columns.pgUser.slice(PG_USER_PREFIX.length));
    const verifier = parseScramVerifier(columns.pgScramVerifier);
    expect(verifier?.iterations).toBe(4096);
    expect(formatScramVerifier(deriveScramVerifier(key, verifier!.salt))).toBe(columns.pgScramVerifier);
  });

  it("rejects text that is not a SCRAM-SHA-256 verifier", () => {
    expect(parseScramVerifier("md5abcdef")).toBeNull();
    expect(parseScramVerifier("SCRAM-SHA-256$4096:c2FsdA==$c2hvcnQ=:c2hvcnQ=")).toBeNull();
  });
});

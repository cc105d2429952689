// SCRAM-SHA-256 (RFC 5802, RFC 7677) key derivation and PostgreSQL's verifier format. The gateway's
// Postgres port checks Airlock keys with SCRAM, so each key gets a verifier when it is created (the
// only moment its plaintext exists). Hand-written on node:crypto: npm has SCRAM clients (pg ships
// one) but no maintained server-side implementation, and the derivation is a few lines.
import { createHash, createHmac, pbkdf2Sync, randomBytes } from "node:crypto";

export const SCRAM_MECHANISM = "SCRAM-SHA-256";
/**
 * PostgreSQL's default. Iterations slow down offline guessing of human passwords; an Airlock key is
 * 192 random bits, so the count only has to be what clients accept, and 4096 costs them ~2 ms.
 */
export const SCRAM_ITERATIONS = 4096;
const SALT_BYTES = 16;

/**
 * Secret like the key's hash: StoredKey and an observed exchange give an eavesdropper the client's
 * proof key (so the column is omitted from queries by default, see client.ts).
 */
export interface ScramVerifier {
  iterations: number;
  salt: Buffer;
  storedKey: Buffer;
  serverKey: Buffer;
}

export function hmacSha256(key: Buffer, data: string | Buffer): Buffer {
  return createHmac("sha256", key).update(data).digest();
}

export function sha256(data: Buffer): Buffer {
  return createHash("sha256").update(data).digest();
}

/**
 * Derives the verifier from a password. SASLprep (RFC 4013) is skipped on purpose: Airlock keys
 * are ASCII letters, digits, `_` and `-`, which SASLprep leaves unchanged.
 */
export function deriveScramVerifier(password: string, salt: Buffer = randomBytes(SALT_BYTES), iterations = SCRAM_ITERATIONS): ScramVerifier {
  const saltedPassword = pbkdf2Sync(password, salt, iterations, 32, "sha256");
  const clientKey = hmacSha256(saltedPassword, "Client Key");
  return { iterations, salt, storedKey: sha256(clientKey), serverKey: hmacSha256(saltedPassword, "Server Key") };
}

/** `SCRAM-SHA-256$<iterations>:<salt>$<StoredKey>:<ServerKey>` (base64), as PostgreSQL stores it. */
export function formatScramVerifier(v: ScramVerifier): string {
  const b64 = (b: Buffer) => b.toString("base64");
  return `${SCRAM_MECHANISM}$${v.iterations}:${b64(v.salt)}$${b64(v.storedKey)}:${b64(v.serverKey)}`;
}

const VERIFIER_SHAPE = /^SCRAM-SHA-256\$(\d+):([A-Za-z0-9+/=]+)\$([A-Za-z0-9+/=]+):([A-Za-z0-9+/=]+)$/;

/** Null when the text is not a SCRAM-SHA-256 verifier with 32-byte keys. */
export function parseScramVerifier(text: string): ScramVerifier | null {
  const match = VERIFIER_SHAPE.exec(text);
  if (!match) return null;
  const [, iterations, salt, storedKey, serverKey] = match as unknown as [string, string, string, string, string];
  const verifier = {
    iterations: Number(iterations),
    salt: Buffer.from(salt, "base64"),
    storedKey: Buffer.from(storedKey, "base64"),
    serverKey: Buffer.from(serverKey, "base64"),
  };
  const sane = verifier.iterations > 0 && verifier.salt.length > 0 && verifier.storedKey.length === 32 && verifier.serverKey.length === 32;
  return sane ? verifier : null;
}

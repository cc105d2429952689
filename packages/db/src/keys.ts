// Airlock API keys and personal access tokens: high-entropy random strings, stored as SHA-256.
// A slow password hash would add milliseconds to every gateway request and protect nothing:
// 192 random bits cannot be brute-forced (docs/adr/0003-api-key-hashing.md).
import { createHash, randomBytes } from "node:crypto";
import { deriveScramVerifier, formatScramVerifier } from "./scram";

export const API_KEY_PREFIX = "alk_";
export const ACCESS_TOKEN_PREFIX = "alt_";

export function generateApiKey(): string {
  return API_KEY_PREFIX + randomBytes(24).toString("base64url");
}

export function generateAccessToken(): string {
  return ACCESS_TOKEN_PREFIX + randomBytes(24).toString("base64url");
}

export function hashToken(token: string): string {
  return createHash("sha256").update(token).digest("hex");
}

/** What lists show to tell keys apart, e.g. `alk_Xy12…`. */
export function displayPrefix(token: string): string {
  return token.slice(0, 8);
}

/** Prefix of every key's Postgres user name; it tells the name apart from a key in support requests. */
export const PG_USER_PREFIX = "alkpg_";

/**
 * The Postgres user name that selects a key on the gateway's Postgres port (so the gateway knows
 * which SCRAM verifier to use before the client proves anything). Derived from the key's hash, so
 * it reveals nothing about the key; 80 bits make a collision between two keys negligible.
 */
export function pgUserFor(keyHash: string): string {
  return PG_USER_PREFIX + keyHash.slice(0, 20);
}

/** The ApiKey columns that describe a new key; every place that creates a key stores all of them. */
export function apiKeyColumns(key: string): { prefix: string; keyHash: string; pgUser: string; pgScramVerifier: string } {
  const keyHash = hashToken(key);
  return { prefix: displayPrefix(key), keyHash, pgUser: pgUserFor(keyHash), pgScramVerifier: formatScramVerifier(deriveScramVerifier(key)) };
}

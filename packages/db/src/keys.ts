// Airlock API keys and personal access tokens: high-entropy random strings, stored as SHA-256.
// A slow password hash would add milliseconds to every gateway request and protect nothing:
// 192 random bits cannot be brute-forced (docs/adr/0003-api-key-hashing.md).
import { createHash, randomBytes } from "node:crypto";

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

// Upstream credentials are encrypted at rest with AES-256-GCM under the master key and decrypted
// in memory only when a request needs them. Layout: version(1) | iv(12) | tag(16) | ciphertext.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = 1;

export class MasterKeyError extends Error {}

/** Accepts 32 bytes as base64 or hex (`openssl rand -base64 32`). */
export function parseMasterKey(value: string): Buffer {
  const trimmed = value.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, "hex") : Buffer.from(trimmed, "base64");
  if (key.length !== 32) throw new MasterKeyError("AIRLOCK_MASTER_KEY must be 32 bytes, base64 or hex encoded (try: openssl rand -base64 32)");
  return key;
}

export function generateMasterKey(): string {
  return randomBytes(32).toString("base64");
}

export function encryptSecret(masterKey: Buffer, plaintext: string): Uint8Array<ArrayBuffer> {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", masterKey, iv);
  const body = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  const out = new Uint8Array(1 + 12 + 16 + body.length);
  out[0] = VERSION;
  out.set(iv, 1);
  out.set(cipher.getAuthTag(), 13);
  out.set(body, 29);
  return out;
}

export function decryptSecret(masterKey: Buffer, sealed: Uint8Array): string {
  if (sealed[0] !== VERSION || sealed.length < 29) throw new MasterKeyError("stored credential has an unknown format");
  const decipher = createDecipheriv("aes-256-gcm", masterKey, sealed.subarray(1, 13));
  decipher.setAuthTag(sealed.subarray(13, 29));
  try {
    return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString("utf8");
  } catch {
    throw new MasterKeyError("stored credential cannot be decrypted: was it written under another AIRLOCK_MASTER_KEY?");
  }
}

/** The only part of a credential ever shown again. */
export function credentialHint(secret: string): string {
  return secret.length <= 8 ? "…" : `…${secret.slice(-4)}`;
}

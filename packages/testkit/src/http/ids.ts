import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** Provider-style opaque id, e.g. `chatcmpl-3fQ…`, `msg_01X…`. */
export function providerId(prefix: string, length = 24): string {
  return prefix + Array.from(randomBytes(length), (byte) => ALPHABET[byte % ALPHABET.length]).join("");
}

export function unixSeconds(): number {
  return Math.floor(Date.now() / 1000);
}

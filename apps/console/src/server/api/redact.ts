// Audit before/after snapshots never carry secrets: credentials, password and token hashes,
// generated keys and tokens, or raw bytes. Field names are matched, so a new secret column only
// needs its name added here.
const SECRET_FIELDS = new Set([
  "credential",
  "credentialCiphertext",
  "password",
  "passwordHash",
  "key",
  "keyHash",
  "token",
  "tokenHash",
  "secret",
  "clientSecret",
  "url", // webhook URLs (e.g. Slack incoming webhooks) are bearer secrets themselves
]);

export const REDACTED = "[redacted]";

export function redact(value: unknown, depth = 0): unknown {
  if (value === null || value === undefined) return value ?? null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "bigint") return value.toString();
  if (value instanceof Uint8Array) return REDACTED;
  if (depth > 8) return "[…]";
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1));
  if (typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      out[k] = SECRET_FIELDS.has(k) && v !== null && v !== undefined ? REDACTED : redact(v, depth + 1);
    }
    return out;
  }
  return value;
}

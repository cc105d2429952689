// The HMAC key behind masking's "hash" style and the recording checkpoints. It must be the one the
// gateway uses (apps/gateway/src/keys.ts derives it the same way), or previews would hash values
// differently and every recording would fail verification.
import { createHmac } from "node:crypto";
import { parseMasterKey } from "@airlock/db";
import type { ConsoleEnv } from "./env";

let cached: { env: ConsoleEnv; key: Buffer } | undefined;

export function hashKeyOf(env: ConsoleEnv): Buffer {
  if (cached?.env === env) return cached.key;
  const value = env.AIRLOCK_HASH_KEY;
  let key: Buffer;
  if (!value) {
    key = createHmac("sha256", env.masterKey).update("airlock/hash-key/v1").digest();
  } else {
    try {
      key = parseMasterKey(value);
    } catch {
      key = Buffer.from(value, "utf8");
    }
  }
  cached = { env, key };
  return key;
}

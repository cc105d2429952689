import { deriveHashKey } from "@airlock/db";
import type { ConsoleEnv } from "./env";

let cached: { env: ConsoleEnv; key: Buffer } | undefined;

/** The same key the gateway derives (see deriveHashKey), cached per parsed environment. */
export function hashKeyOf(env: ConsoleEnv): Buffer {
  if (cached?.env === env) return cached.key;
  const key = deriveHashKey(env.masterKey, env.AIRLOCK_HASH_KEY);
  cached = { env, key };
  return key;
}

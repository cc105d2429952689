// Key material derived from configuration at start-up.
import { deriveHashKey, parseMasterKey } from "@airlock/db";
import type { GatewayConfig } from "./config";
import { ConfigError } from "./config";

export function masterKeyFrom(config: GatewayConfig): Buffer {
  try {
    return parseMasterKey(config.AIRLOCK_MASTER_KEY);
  } catch (error) {
    throw new ConfigError(`Invalid gateway configuration:\n  AIRLOCK_MASTER_KEY: ${(error as Error).message}`);
  }
}

export function hashKeyFrom(config: GatewayConfig, masterKey: Buffer): Buffer {
  try {
    return deriveHashKey(masterKey, config.AIRLOCK_HASH_KEY);
  } catch (error) {
    throw new ConfigError(`Invalid gateway configuration:\n  AIRLOCK_HASH_KEY: ${(error as Error).message}`);
  }
}

export { replicaIdFrom } from "./replica-id";

// Key material derived from configuration at start-up.
import { hostname } from "node:os";
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

/** Names this replica in logs and its spool directory; stable across restarts on the same host. */
export function replicaIdFrom(config: GatewayConfig): string {
  const raw = config.AIRLOCK_REPLICA_ID ?? hostname();
  const cleaned = raw.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 128);
  return cleaned && cleaned !== "." && cleaned !== ".." ? cleaned : "gateway";
}

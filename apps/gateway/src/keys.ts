// Key material derived from configuration at start-up.
import { createHmac } from "node:crypto";
import { hostname } from "node:os";
import { parseMasterKey } from "@airlock/db";
import type { GatewayConfig } from "./config";
import { ConfigError } from "./config";

export function masterKeyFrom(config: GatewayConfig): Buffer {
  try {
    return parseMasterKey(config.AIRLOCK_MASTER_KEY);
  } catch (error) {
    throw new ConfigError(`Invalid gateway configuration:\n  AIRLOCK_MASTER_KEY: ${(error as Error).message}`);
  }
}

/** AIRLOCK_HASH_KEY (32 bytes base64/hex, or a 32+ character string), else derived from the master key. */
export function hashKeyFrom(config: GatewayConfig, masterKey: Buffer): Buffer {
  const value = config.AIRLOCK_HASH_KEY;
  if (!value) return createHmac("sha256", masterKey).update("airlock/hash-key/v1").digest();
  try {
    return parseMasterKey(value);
  } catch {
    if (Buffer.byteLength(value) >= 32) return Buffer.from(value, "utf8");
    throw new ConfigError("Invalid gateway configuration:\n  AIRLOCK_HASH_KEY: must be 32 bytes (base64 or hex) or at least 32 characters");
  }
}

/** Names this replica in logs and its spool directory; stable across restarts on the same host. */
export function replicaIdFrom(config: GatewayConfig): string {
  const raw = config.AIRLOCK_REPLICA_ID ?? hostname();
  const cleaned = raw.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 128);
  return cleaned && cleaned !== "." && cleaned !== ".." ? cleaned : "gateway";
}

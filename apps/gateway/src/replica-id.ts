// The replica's name, apart from keys.ts so that a cluster primary can name itself without loading
// the database client that key handling needs.
import { hostname } from "node:os";
import type { GatewayConfig } from "./config";

/** Names this replica in logs and its spool directory; stable across restarts on the same host. */
export function replicaIdFrom(config: GatewayConfig): string {
  const raw = config.AIRLOCK_REPLICA_ID ?? hostname();
  const cleaned = raw.replace(/[^A-Za-z0-9._-]/g, "-").slice(0, 128);
  return cleaned && cleaned !== "." && cleaned !== ".." ? cleaned : "gateway";
}

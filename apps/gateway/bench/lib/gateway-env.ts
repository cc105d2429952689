// The environment of a bench gateway: the bench database and master key, loopback on free ports,
// a spool folder of its own under the run's work folder, and its worker count.
import { randomBytes } from "node:crypto";
import path from "node:path";

export interface BenchGatewayEnv {
  databaseUrl: string;
  masterKey: Buffer;
  /** The run's scratch folder; the spool goes below it. */
  work: string;
  workers: number;
}

export function benchGatewayEnv(name: string, given: BenchGatewayEnv): NodeJS.ProcessEnv {
  return {
    DATABASE_URL: given.databaseUrl,
    AIRLOCK_MASTER_KEY: given.masterKey.toString("base64"),
    AIRLOCK_HOST: "127.0.0.1",
    AIRLOCK_GATEWAY_PORT: "0",
    AIRLOCK_PG_PORT: "0",
    AIRLOCK_ADMIN_PORT: "0",
    AIRLOCK_REPLICA_ID: `${name}-${randomBytes(3).toString("hex")}`,
    AIRLOCK_SPOOL_DIR: path.join(given.work, `spool-${name}`),
    AIRLOCK_WORKERS: String(given.workers),
  };
}

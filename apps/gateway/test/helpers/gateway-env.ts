import { randomBytes } from "node:crypto";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Environment for a gateway on free ports, its own spool folder and replica id. */
export function gatewayEnv(databaseUrl: string, masterKey: Buffer, extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const replica = `test-${randomBytes(4).toString("hex")}`;
  return {
    DATABASE_URL: databaseUrl,
    AIRLOCK_MASTER_KEY: masterKey.toString("base64"),
    AIRLOCK_HOST: "127.0.0.1",
    AIRLOCK_GATEWAY_PORT: "0",
    AIRLOCK_PG_PORT: "0",
    AIRLOCK_ADMIN_PORT: "0",
    AIRLOCK_REPLICA_ID: replica,
    AIRLOCK_SPOOL_DIR: mkdtempSync(join(tmpdir(), "airlock-spool-")),
    AIRLOCK_LOG_LEVEL: "info",
    ...extra,
  };
}

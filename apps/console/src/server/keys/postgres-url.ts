// The connection string shown once with a new key: the gateway's Postgres port, the key's
// Postgres user name (it selects the key's SCRAM verifier) and the key as the password.
import type { ConsoleEnv } from "../env";

export function postgresUrl(
  env: Pick<ConsoleEnv, "AIRLOCK_GATEWAY_URL" | "AIRLOCK_GATEWAY_PG_PORT">,
  parts: { user: string; key: string; connection: string | null },
): string {
  const host = new URL(env.AIRLOCK_GATEWAY_URL).hostname;
  const database = parts.connection === null ? "<connection>" : encodeURIComponent(parts.connection);
  return `postgresql://${encodeURIComponent(parts.user)}:${encodeURIComponent(parts.key)}@${host}:${env.AIRLOCK_GATEWAY_PG_PORT}/${database}`;
}

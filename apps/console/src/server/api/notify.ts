// PostgreSQL NOTIFY through the same client (or transaction) as the change: inside a transaction
// the notification is delivered only if, and when, the transaction commits.
import { NOTIFY } from "@airlock/db";
import type { ConfigEntity, DbClient } from "./types";

export async function notify(db: DbClient, channel: string, payload: unknown): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${channel}, ${JSON.stringify(payload)})`;
}

export function notifyConfig(db: DbClient, entity: ConfigEntity, id?: string): Promise<void> {
  return notify(db, NOTIFY.config, id ? { entity, id } : { entity });
}

import type { Db } from "@airlock/db";

/**
 * A Prisma client or an interactive transaction on it: what handlers query through. (Prisma types
 * a transaction's client without the global `omit` configuration; at run time it keeps it, so the
 * transaction is viewed through the client's own type.)
 */
export type DbClient = Omit<Db, "$connect" | "$disconnect" | "$on" | "$extends" | "$transaction">;

/** What changed, for gateways' caches (payload of NOTIFY airlock_config). */
export type ConfigEntity = "connection" | "key" | "rule" | "policy" | "grant" | "service_account" | "user";

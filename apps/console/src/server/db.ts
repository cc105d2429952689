import "server-only";
// The console's only way to the database. One client per process (kept on globalThis so that
// development hot reloads do not open a new pool each time).
import { createDb, type Db } from "@airlock/db";
import { getEnv } from "./env";

const holder = globalThis as unknown as { __airlockConsoleDb?: { url: string; db: Db } };

export function getDb(): Db {
  const url = getEnv().DATABASE_URL;
  if (holder.__airlockConsoleDb?.url !== url) {
    holder.__airlockConsoleDb = { url, db: createDb(url, { max: 10 }) };
  }
  return holder.__airlockConsoleDb.db;
}

export type { Db };

// Global settings live in the Setting table as one row per key with a JSON value.
import { Prisma } from "@airlock/db";
import type { DbClient } from "./api/types";

export interface Settings {
  retentionDays: number | null;
}

const DEFAULTS: Settings = { retentionDays: null };

export async function readSettings(db: DbClient): Promise<Settings> {
  const rows = await db.setting.findMany({ where: { key: { in: Object.keys(DEFAULTS) } } });
  const out: Settings = { ...DEFAULTS };
  for (const row of rows) {
    if (row.key === "retentionDays") out.retentionDays = typeof row.value === "number" ? row.value : null;
  }
  return out;
}

export async function writeSettings(db: DbClient, changes: Partial<Settings>, updatedById: string | null): Promise<void> {
  for (const [key, value] of Object.entries(changes)) {
    if (value === undefined) continue;
    const json = value === null ? Prisma.JsonNull : (value as number);
    await db.setting.upsert({ where: { key }, create: { key, value: json, updatedById }, update: { value: json, updatedById } });
  }
}

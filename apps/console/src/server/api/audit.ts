import type { Actor } from "../auth/actor";
import { redact } from "./redact";
import type { DbClient } from "./types";

export interface AuditEntry {
  action: string;
  targetType?: string;
  targetId?: string;
  before?: unknown;
  after?: unknown;
}

function clientIp(req: Request): string | null {
  const forwarded = req.headers.get("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || req.headers.get("x-real-ip") || null;
}

/** Writes AuditEvent rows; before/after are redacted (see redact.ts). */
export async function writeAudit(db: DbClient, actor: Actor, req: Request | null, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const ip = req ? clientIp(req) : null;
  await db.auditEvent.createMany({
    data: entries.map((e) => ({
      actorKind: actor.kind,
      actorId: actor.userId,
      actorLabel: actor.label,
      action: e.action,
      targetType: e.targetType ?? null,
      targetId: e.targetId ?? null,
      before: e.before == null ? undefined : (redact(e.before) as object),
      after: e.after == null ? undefined : (redact(e.after) as object),
      ip,
    })),
  });
}

/** The actor used for work the console does on its own (the retention purge). */
export const SYSTEM_ACTOR: Actor = { kind: "system", userId: null, label: "system", role: "admin", via: "bootstrap" };

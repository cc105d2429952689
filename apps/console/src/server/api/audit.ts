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

/** The client's address as the reverse proxy reports it (X-Forwarded-For, else X-Real-IP), or null. */
export function clientIp(header: (name: string) => string | null | undefined): string | null {
  const forwarded = header("x-forwarded-for")?.split(",")[0]?.trim();
  return forwarded || header("x-real-ip") || null;
}

/** Writes AuditEvent rows; before/after are redacted (see redact.ts). */
export async function writeAudit(db: DbClient, actor: Actor, req: Request | null, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const ip = req ? clientIp((name) => req.headers.get(name)) : null;
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

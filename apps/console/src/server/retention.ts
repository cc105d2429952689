// Retention: removes recorded sessions older than the configured number of days, through the
// database function airlock_purge_sessions (the only way past the append-only trigger), and audits
// every purge. Connections may override the global setting. Runs on an interval (instrumentation.ts)
// and on demand (POST /api/v1/settings/retention/purge).
import type { Db } from "@airlock/db";
import type { Actor } from "./auth/actor";
import { writeAudit } from "./api/audit";
import { readSettings } from "./settings-store";

const DAY_MS = 86_400_000;

export interface PurgeRun {
  connectionId: string | null;
  cutoff: string;
  purgedSessions: number;
  purgedEvents: number;
}

async function purge(db: Db, cutoff: Date, connectionId: string | null): Promise<PurgeRun> {
  // `endedAt` is a timestamp without time zone holding UTC; compare in UTC whatever the server's zone.
  const [, rows] = await db.$transaction([
    db.$executeRaw`SET LOCAL TIME ZONE 'UTC'`,
    db.$queryRaw<{ purged_sessions: bigint; purged_events: bigint }[]>`
      SELECT purged_sessions, purged_events FROM airlock_purge_sessions(${cutoff.toISOString()}::timestamptz, ${connectionId}::text)`,
  ]);
  const row = rows[0];
  return {
    connectionId,
    cutoff: cutoff.toISOString(),
    purgedSessions: Number(row?.purged_sessions ?? 0),
    purgedEvents: Number(row?.purged_events ?? 0),
  };
}

/**
 * One retention pass. Connections without their own retention use the global one; a final pass over
 * all sessions uses the longest retention in force, which reaches sessions whose connection was
 * deleted without cutting any connection's own retention short.
 */
export async function runRetention(db: Db, actor: Actor, options: { now?: Date; audit?: boolean } = {}) {
  const now = options.now ?? new Date();
  const { retentionDays } = await readSettings(db);
  const connections = await db.connection.findMany({ select: { id: true, retentionDays: true } });
  const runs: PurgeRun[] = [];
  for (const c of connections) {
    const days = c.retentionDays ?? retentionDays;
    if (days !== null) runs.push(await purge(db, new Date(now.getTime() - days * DAY_MS), c.id));
  }
  if (retentionDays !== null) {
    const longest = Math.max(retentionDays, ...connections.map((c) => c.retentionDays ?? 0));
    runs.push(await purge(db, new Date(now.getTime() - longest * DAY_MS), null));
  }
  const purgedSessions = runs.reduce((n, r) => n + r.purgedSessions, 0);
  const purgedEvents = runs.reduce((n, r) => n + r.purgedEvents, 0);
  const result = { runs, purgedSessions, purgedEvents };
  // The scheduled pass audits what it removed; the API route audits through the route factory.
  if (purgedSessions > 0 && options.audit !== false) {
    await writeAudit(db, actor, null, [{ action: "retention.purge", targetType: "sessions", after: result }]);
  }
  return result;
}

/** Starts the periodic pass; returns a function that stops it. */
export function scheduleRetention(getDb: () => Db, actor: Actor, intervalMinutes: number): () => void {
  if (intervalMinutes <= 0) return () => {};
  const timer = setInterval(() => {
    runRetention(getDb(), actor).catch((err) => console.error("[console] retention purge failed:", err));
  }, intervalMinutes * 60_000);
  timer.unref();
  return () => clearInterval(timer);
}

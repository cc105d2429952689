// The primary's table of idle groups (session-directory.ts): which recorded session the HTTP
// exchanges of one (connection, identity) without X-Airlock-Session belong to, for every worker
// of the gateway. Pure logic with an injected clock; idle-group-host.ts wires it to the workers.
//
// Workers report their activity in batches, so the table's lastSeenMs lags a worker's real last
// activity by up to one report interval: a group is only forgotten once it has been idle for the
// idle time plus that lag (twice, for timers that fire late on a busy machine), so the primary
// never starts a new session while a worker still considers the old one live.

export interface GroupSession {
  sessionId: string;
  startedAtMs: number;
}

interface GroupEntry extends GroupSession {
  lastSeenMs: number;
}

export interface IdleGroupTableOptions {
  idleMs: number;
  clock: () => number;
}

/** How often workers report activity: often enough for the primary to follow, never busily. */
export function activityReportIntervalMs(idleMs: number): number {
  return Math.max(10, Math.min(1_000, Math.floor(idleMs / 4)));
}

export class IdleGroupTable {
  private readonly groups = new Map<string, GroupEntry>();
  private readonly forgetAfterMs: number;

  constructor(private readonly o: IdleGroupTableOptions) {
    this.forgetAfterMs = o.idleMs + 2 * activityReportIntervalMs(o.idleMs);
  }

  get size(): number {
    return this.groups.size;
  }

  /** The group's live session, or `proposal` (the asking worker's fresh session) when it has none. */
  join(group: string, proposal: GroupSession): GroupSession {
    const now = this.o.clock();
    const current = this.live(group, now);
    if (current) {
      current.lastSeenMs = Math.max(current.lastSeenMs, now);
      return { sessionId: current.sessionId, startedAtMs: current.startedAtMs };
    }
    this.groups.set(group, { sessionId: proposal.sessionId, startedAtMs: proposal.startedAtMs, lastSeenMs: now });
    return proposal;
  }

  /**
   * A worker used `session` for `group` until `lastSeenMs`. A group without a live session adopts
   * it (a worker that could not reach the primary in time started one of its own); a report for a
   * session that is no longer the group's changes nothing.
   */
  seen(group: string, session: GroupSession, lastSeenMs: number): void {
    const current = this.live(group, this.o.clock());
    if (!current) this.groups.set(group, { ...session, lastSeenMs });
    else if (current.sessionId === session.sessionId) current.lastSeenMs = Math.max(current.lastSeenMs, lastSeenMs);
  }

  /** Forgets the groups idle for longer than the idle time (plus the reporting lag). */
  expire(): void {
    const now = this.o.clock();
    for (const [group, entry] of this.groups) if (now - entry.lastSeenMs > this.forgetAfterMs) this.groups.delete(group);
  }

  private live(group: string, now: number): GroupEntry | undefined {
    const entry = this.groups.get(group);
    if (entry && now - entry.lastSeenMs > this.forgetAfterMs) {
      this.groups.delete(group);
      return undefined;
    }
    return entry;
  }
}

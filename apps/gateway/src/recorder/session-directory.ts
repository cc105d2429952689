// Which session a new chain belongs to (design.md, "Concepts"):
// - a Postgres client connection is a session of its own;
// - HTTP exchanges carrying the same X-Airlock-Session value (for the same identity and
//   connection) share a session, across replicas: the first exchange looks the session up in
//   PostgreSQL or creates it, under an advisory lock so two replicas do not both create one;
// - other HTTP exchanges of an identity on a connection share a session until it has been idle
//   for AIRLOCK_SESSION_IDLE_MS. That grouping is per gateway and kept in memory only: in a
//   single process, here; with several worker processes, the primary holds the table and a worker
//   asks it (shared-idle-groups.ts) when it holds no live session for the group. A worker joining
//   a session another worker started queues the same session row (its insert does nothing when
//   the row exists), so its events never wait for the other worker's batch.
// Everything is cached, so only the first chain of an X-Airlock-Session costs a database round
// trip. Sessions created in memory (and X-Airlock-Session ones while PostgreSQL is unreachable) get
// their row from the batch writer, queued ahead of their events.
//
// HTTP sessions close after AIRLOCK_SESSION_IDLE_MS without activity on this replica
// (session-lifecycle.ts). A later exchange with the same X-Airlock-Session value reopens the same
// session (its row turns active again when that exchange's events are written), so a reviewer
// replays one conversation as one timeline, pauses included; without the header, a new session
// starts once the group is idle on every worker of the gateway (a worker whose own part went idle
// while another worker kept the group busy joins the same session again).
import type { Logger } from "pino";
import { describeDbError, type Db } from "@airlock/db";
import type { GroupSession } from "../cluster/idle-group-table";
import type { GroupActivity } from "../cluster/messages";
import { ActiveSession } from "./active-session";
import { newSessionId } from "./ids";
import type { SessionRecord } from "./records";
import { SessionLifecycle } from "./session-lifecycle";
import type { SharedIdleGroups } from "./shared-idle-groups";
import { storableString } from "./storable-json";
import type { SessionKey } from "./types";

export interface SessionDirectoryOptions {
  db: Db;
  idleMs: number;
  /** Bound on the X-Airlock-Session lookup; past it the session is created locally. */
  lookupTimeoutMs: number;
  clock: () => number;
  logger: Logger;
  enqueue(record: SessionRecord): void;
  /** False while the writer knows PostgreSQL is unreachable: skip the lookup rather than wait for it. */
  databaseReachable(): boolean;
  /** Most X-Airlock-Session values remembered (least recently used are forgotten first). */
  clientKeyCacheMax?: number;
  /** Key of the HTTP sessions' seals (session-seal.ts). */
  hashKey: Buffer;
  /** How often a busy HTTP session's finished exchanges are sealed. */
  sealIntervalMs: number;
  /** In a cluster worker: the primary's idle-group table. Absent in a single process (no IPC). */
  sharedGroups?: SharedIdleGroups;
}

export interface OpenedSession {
  session: ActiveSession;
  created: boolean;
}

const SEP = "\u0000";

export class SessionDirectory {
  private readonly byClientKey = new Map<string, ActiveSession>();
  private readonly lookups = new Map<string, Promise<OpenedSession>>();
  private readonly idleGroups = new Map<string, ActiveSession>();
  private readonly groupJoins = new Map<string, Promise<OpenedSession>>();
  private readonly lifecycle: SessionLifecycle;

  constructor(private readonly o: SessionDirectoryOptions) {
    this.lifecycle = new SessionLifecycle({
      idleMs: o.idleMs,
      sealIntervalMs: o.sealIntervalMs,
      clock: o.clock,
      seal: { enqueue: o.enqueue, hashKey: o.hashKey },
      forget: (session) => this.forget(session),
    });
    o.sharedGroups?.startReporting((sinceMs, nowMs) => this.groupActivity(sinceMs, nowMs));
  }

  /** Closes (seals and ends) every HTTP session this replica holds; for shutdown. */
  closeAll(): void {
    this.o.sharedGroups?.close();
    this.lifecycle.closeAll();
  }

  async open(key: SessionKey): Promise<OpenedSession> {
    if (key.protocol === "postgres") return { session: this.createLocally(key, null), created: true };
    if (key.clientKey) return this.openByClientKey(key, key.clientKey);
    return this.openByIdleGrouping(key);
  }

  private openByIdleGrouping(key: SessionKey): OpenedSession | Promise<OpenedSession> {
    const now = this.o.clock();
    const group = [key.connectionId, key.identity.kind, key.identity.id].join(SEP);
    const current = this.idleGroups.get(group);
    if (current && !current.isIdle(now, this.o.idleMs)) return { session: current, created: false };
    if (current) this.lifecycle.close(current, "idle_timeout");
    if (this.o.sharedGroups) return this.joinSharedGroup(this.o.sharedGroups, key, group);
    const session = this.createLocally(key, null);
    this.remember(this.idleGroups, group, session);
    return { session, created: true };
  }

  /** Asks the primary which session the group uses: another worker's live one, or this fresh one. */
  private async joinSharedGroup(shared: SharedIdleGroups, key: SessionKey, group: string): Promise<OpenedSession> {
    const inFlight = this.groupJoins.get(group);
    if (inFlight) return { session: (await inFlight).session, created: false };
    const join = (async (): Promise<OpenedSession> => {
      const proposal = { sessionId: newSessionId(), startedAtMs: this.o.clock() };
      const chosen = await shared.join(group, proposal);
      const session = this.createLocally(key, null, chosen);
      this.remember(this.idleGroups, group, session);
      return { session, created: chosen.sessionId === proposal.sessionId };
    })();
    this.groupJoins.set(group, join);
    try {
      return await join;
    } finally {
      this.groupJoins.delete(group);
    }
  }

  /** The idle groups used since `sinceMs`, for the primary; a group with an exchange in flight is in use now. */
  private groupActivity(sinceMs: number, nowMs: number): GroupActivity[] {
    const seen: GroupActivity[] = [];
    for (const [group, session] of this.idleGroups) {
      const lastSeenMs = session.openChains > 0 ? nowMs : session.lastActivityMs;
      if (lastSeenMs >= sinceMs) seen.push({ group, session: { sessionId: session.id, startedAtMs: session.startedAtMs }, lastSeenMs });
    }
    return seen;
  }

  private async openByClientKey(key: SessionKey, clientKey: string): Promise<OpenedSession> {
    const cacheKey = [key.connectionId, key.identity.kind, key.identity.id, clientKey].join(SEP);
    let cached = this.byClientKey.get(cacheKey);
    if (cached?.isIdle(this.o.clock(), this.o.idleMs)) {
      // Closed here; the lookup below finds the same session again and reopens it.
      this.lifecycle.close(cached, "idle_timeout");
      cached = undefined;
    }
    if (cached) {
      // Re-inserting moves the entry to the end: Map order is the least-recently-used order.
      this.byClientKey.delete(cacheKey);
      this.byClientKey.set(cacheKey, cached);
      return { session: cached, created: false };
    }
    const inFlight = this.lookups.get(cacheKey);
    if (inFlight) return { session: (await inFlight).session, created: false };
    const lookup = this.findOrCreate(key, clientKey);
    this.lookups.set(cacheKey, lookup);
    try {
      const opened = await lookup;
      this.remember(this.byClientKey, cacheKey, opened.session);
      const max = this.o.clientKeyCacheMax ?? 10_000;
      for (const oldest of this.byClientKey.keys()) {
        if (this.byClientKey.size <= max) break;
        this.byClientKey.delete(oldest);
      }
      return opened;
    } finally {
      this.lookups.delete(cacheKey);
    }
  }

  private async findOrCreate(key: SessionKey, clientKey: string): Promise<OpenedSession> {
    if (!this.o.databaseReachable()) return { session: this.createLocally(key, clientKey), created: true };
    let timer: NodeJS.Timeout | undefined;
    const query = this.findOrCreateInDatabase(key, clientKey);
    query.catch(() => undefined);
    try {
      const row = await Promise.race([
        query,
        new Promise<never>((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${this.o.lookupTimeoutMs} ms`)), this.o.lookupTimeoutMs);
        }),
      ]);
      const session = new ActiveSession(row.id, row.startedAt.getTime(), this.o.clock(), true);
      this.lifecycle.track(session);
      return { session, created: row.created };
    } catch (error) {
      this.o.logger.warn(
        { err: describeDbError(error) },
        "recorder: cannot look up the X-Airlock-Session session in PostgreSQL; starting a new one, stored once PostgreSQL is back",
      );
      return { session: this.createLocally(key, clientKey), created: true };
    } finally {
      clearTimeout(timer);
    }
  }

  private findOrCreateInDatabase(key: SessionKey, clientKey: string): Promise<{ id: string; startedAt: Date; created: boolean }> {
    const where = {
      clientKey,
      protocol: key.protocol,
      connectionId: key.connectionId,
      identityKind: key.identity.kind,
      identityId: key.identity.id,
    };
    const lockName = JSON.stringify(["airlock.session", key.connectionId, key.identity.kind, key.identity.id, clientKey]);
    return this.o.db.$transaction(
      async (tx) => {
        // Serialises replicas creating the session for the same key; released at commit.
        await tx.$queryRaw`SELECT 1 AS locked FROM pg_advisory_xact_lock(hashtextextended(${lockName}, 0))`;
        const found = await tx.recordedSession.findFirst({ where, orderBy: { startedAt: "desc" }, select: { id: true, startedAt: true } });
        if (found) return { ...found, created: false };
        const now = new Date(this.o.clock());
        const made = await tx.recordedSession.create({
          data: { ...where, connectionName: key.connectionName, identityLabel: storableString(key.identity.label), startedAt: now, lastEventAt: now },
          select: { id: true, startedAt: true },
        });
        return { ...made, created: true };
      },
      { maxWait: this.o.lookupTimeoutMs, timeout: this.o.lookupTimeoutMs },
    );
  }

  /** A session recorded from this process; `joined` is one another worker started (same id and start). */
  private createLocally(key: SessionKey, clientKey: string | null, joined?: GroupSession): ActiveSession {
    const now = this.o.clock();
    const startedAtMs = joined?.startedAtMs ?? now;
    const session = new ActiveSession(joined?.sessionId ?? newSessionId(), startedAtMs, now, key.protocol === "http");
    if (key.protocol === "http") this.lifecycle.track(session);
    this.o.enqueue({
      kind: "session",
      id: session.id,
      connectionId: key.connectionId,
      connectionName: storableString(key.connectionName),
      protocol: key.protocol,
      identityKind: key.identity.kind,
      identityId: key.identity.id,
      identityLabel: storableString(key.identity.label),
      clientKey: clientKey === null ? null : storableString(clientKey),
      startedAt: new Date(startedAtMs).toISOString(),
    });
    return session;
  }

  private remember(cache: Map<string, ActiveSession>, cacheKey: string, session: ActiveSession): void {
    session.cacheKey = cacheKey;
    cache.set(cacheKey, session);
  }

  /** A closed session is no longer handed out (unless a newer one took its place already). */
  private forget(session: ActiveSession): void {
    const cacheKey = session.cacheKey;
    if (cacheKey === null) return;
    if (this.idleGroups.get(cacheKey) === session) this.idleGroups.delete(cacheKey);
    if (this.byClientKey.get(cacheKey) === session) this.byClientKey.delete(cacheKey);
  }
}

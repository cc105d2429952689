// Clients held for approval on this replica, keyed by request id. One subscription to
// `airlock_approvals` serves them all: a notification about a request someone here waits on makes
// us read that request once and release (or keep) every waiter on it. Nothing polls per request;
// one slow re-check of all held requests covers notifications lost while the listener reconnected.
import { NOTIFY, type Db } from "@airlock/db";
import type { Logger } from "pino";
import type { Notifications } from "../services";
import type { ApprovalMetrics } from "./metrics";
import { resolveRequest, type HeldOutcome } from "./state";
import { expireStaleRequests, readRequestStates, transition } from "./store";

interface Waiter {
  startedAt: number;
  resolve(outcome: HeldOutcome): void;
  detach(): void;
}

interface Entry {
  id: string;
  expiresAt: Date;
  waiters: Set<Waiter>;
  expiryTimer: NodeJS.Timeout | null;
  reading: boolean;
  readAgain: boolean;
}

// setTimeout cannot wait longer than this; longer holds are caught by the periodic re-check.
const MAX_TIMER_MS = 2 ** 31 - 1;
// Fire just after the deadline so the row's expiresAt is certainly in the past when we look.
const EXPIRY_GRACE_MS = 25;
// The sweep leaves recently expired rows to the replicas that hold their clients.
const STALE_GRACE_MS = 5_000;

export interface WaiterRegistry {
  /** Waits for a decision on `requestId`; `signal` aborting releases this waiter as abandoned. */
  wait(requestId: string, expiresAt: Date, signal: AbortSignal): Promise<HeldOutcome>;
  /** Requests with at least one waiter here. */
  readonly size: number;
  /** Releases every waiter as abandoned (process shutdown) and stops listening. */
  close(): Promise<void>;
}

export function createWaiterRegistry(opts: {
  db: Db;
  notifications: Notifications;
  logger: Logger;
  metrics: ApprovalMetrics;
  recheckIntervalMs: number;
  sweepIntervalMs: number;
}): WaiterRegistry {
  const { db, logger, metrics } = opts;
  const entries = new Map<string, Entry>();
  // Reads and writes still in flight, so close() can wait for them before the pool goes away.
  const inFlight = new Set<Promise<unknown>>();
  let closed = false;
  const track = (work: Promise<unknown>): void => {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
  };

  function removeEntry(entry: Entry): void {
    if (entries.get(entry.id) !== entry) return;
    entries.delete(entry.id);
    if (entry.expiryTimer) clearTimeout(entry.expiryTimer);
    metrics.held(-1);
  }

  function settle(entry: Entry, outcome: HeldOutcome): void {
    removeEntry(entry);
    for (const waiter of entry.waiters) {
      waiter.detach();
      metrics.outcome(outcome, Date.now() - waiter.startedAt);
      waiter.resolve(outcome);
    }
    entry.waiters.clear();
  }

  function armExpiry(entry: Entry): void {
    if (entry.expiryTimer) clearTimeout(entry.expiryTimer);
    const delay = entry.expiresAt.getTime() - Date.now() + EXPIRY_GRACE_MS;
    entry.expiryTimer = delay <= MAX_TIMER_MS ? setTimeout(() => refresh([entry]), Math.max(0, delay)) : null;
    entry.expiryTimer?.unref();
  }

  async function apply(entry: Entry, state: Parameters<typeof resolveRequest>[1]): Promise<boolean> {
    if (entries.get(entry.id) !== entry) return false;
    const resolution = resolveRequest(entry.id, state, new Date());
    switch (resolution.kind) {
      case "settled":
        settle(entry, resolution.outcome);
        return false;
      case "expire":
        await transition(db, entry.id, "pending", "expired");
        return true; // look again: we, another replica or a late decision changed it
      case "revive":
        await transition(db, entry.id, "abandoned", "pending");
        return true;
      case "wait":
        if (state && state.expiresAt.getTime() !== entry.expiresAt.getTime()) {
          entry.expiresAt = state.expiresAt;
          armExpiry(entry);
        }
        return false;
    }
  }

  /** Reads the given entries' rows in one query and acts on them; concurrent calls coalesce per entry. */
  function refresh(batch: Entry[]): void {
    const due = batch.filter((entry) => {
      if (entry.reading) entry.readAgain = true;
      return !entry.reading && entries.get(entry.id) === entry;
    });
    if (due.length === 0 || closed) return;
    for (const entry of due) entry.reading = true;
    track((async () => {
      const again: Entry[] = [];
      try {
        const states = await readRequestStates(db, due.map((e) => e.id));
        for (const entry of due) {
          if (await apply(entry, states.get(entry.id))) again.push(entry);
        }
      } catch (err) {
        // The periodic re-check tries again; the waiters stay held (fail closed).
        logger.error({ err: String(err) }, "reading approval requests failed");
      } finally {
        for (const entry of due) {
          entry.reading = false;
          if (entry.readAgain) {
            entry.readAgain = false;
            again.push(entry);
          }
        }
      }
      if (again.length) refresh(again);
    })());
  }

  function abandon(entry: Entry, waiter: Waiter): void {
    if (!entry.waiters.delete(waiter)) return;
    waiter.detach();
    const outcome: HeldOutcome = { outcome: "abandoned", requestId: entry.id };
    metrics.outcome(outcome, Date.now() - waiter.startedAt);
    waiter.resolve(outcome);
    if (entry.waiters.size > 0) return;
    removeEntry(entry);
    // Guarded: if a decision landed first, the request keeps it. A client on another replica that
    // still waits puts it back to pending when it hears of this (see "revive").
    track(
      transition(db, entry.id, "pending", "abandoned").catch((err: unknown) =>
        logger.error({ err: String(err), requestId: entry.id }, "marking an approval request abandoned failed"),
      ),
    );
  }

  const unsubscribe = opts.notifications.subscribe(NOTIFY.approvals, (payload) => {
    let id: unknown;
    try {
      id = (JSON.parse(payload) as { id?: unknown }).id;
    } catch {
      return;
    }
    const entry = typeof id === "string" ? entries.get(id) : undefined;
    if (entry) refresh([entry]);
  });
  // Decisions announced while the LISTEN connection was down were missed: look at everything now.
  const unReconnect = opts.notifications.onReconnect?.(() => refresh([...entries.values()]));

  const recheck = setInterval(() => {
    if (entries.size) refresh([...entries.values()]);
  }, opts.recheckIntervalMs);
  recheck.unref();

  // Expiry is normally marked by a replica whose client waits; this catches rows orphaned by a crash.
  // Every replica runs it; the guarded UPDATE makes that harmless.
  const sweep = setInterval(() => {
    if (closed) return;
    track(
      expireStaleRequests(db, new Date(Date.now() - STALE_GRACE_MS)).catch((err: unknown) =>
        logger.warn({ err: String(err) }, "expiring stale approval requests failed"),
      ),
    );
  }, opts.sweepIntervalMs);
  sweep.unref();

  return {
    get size() {
      return entries.size;
    },
    wait(requestId, expiresAt, signal) {
      // Shutting down: nothing here will look at the request again; the client's retry may join it.
      if (closed) return Promise.resolve({ outcome: "abandoned", requestId });
      return new Promise<HeldOutcome>((resolve) => {
        let entry = entries.get(requestId);
        if (!entry) {
          entry = { id: requestId, expiresAt, waiters: new Set(), expiryTimer: null, reading: false, readAgain: false };
          entries.set(requestId, entry);
          metrics.held(1);
          armExpiry(entry);
        }
        const held = entry;
        const onAbort = () => abandon(held, waiter);
        const waiter: Waiter = {
          startedAt: Date.now(),
          resolve,
          detach: () => signal.removeEventListener("abort", onAbort),
        };
        held.waiters.add(waiter);
        if (signal.aborted) {
          abandon(held, waiter);
          return;
        }
        signal.addEventListener("abort", onAbort, { once: true });
        // A decision may have been announced between admitting the request and listening here.
        refresh([held]);
      });
    },
    async close() {
      unsubscribe();
      unReconnect?.();
      clearInterval(recheck);
      clearInterval(sweep);
      closed = true;
      for (const entry of [...entries.values()]) {
        for (const waiter of [...entry.waiters]) abandon(entry, waiter);
      }
      while (inFlight.size) await Promise.allSettled([...inFlight]);
    },
  };
}

// Closing and sealing the HTTP sessions this replica records into. One timer looks at them now and
// then: a session idle for AIRLOCK_SESSION_IDLE_MS on this replica is closed (its final seal and
// `session.end`, which marks the row closed). Another seals, every `sealIntervalMs`, the sessions
// whose exchanges finished since their last seal: the seal is what vouches for those exchanges.
// Shutdown closes every session. Postgres sessions are not tracked: they end with their
// connection, in their own chain.
import type { SessionEndPayload } from "@airlock/recording";
import type { ActiveSession } from "./active-session";
import { SealStream, type SealContext } from "./session-seal";

export interface SessionLifecycleOptions {
  idleMs: number;
  sealIntervalMs: number;
  clock: () => number;
  seal: SealContext;
  /** Called when a session closes, so the directory stops handing it out. */
  forget(session: ActiveSession): void;
}

/** Bounds on how often the idle check looks: often enough to close within ~¼ of the idle time, never busily. */
const MIN_TICK_MS = 25;
const MAX_TICK_MS = 15_000;

export class SessionLifecycle {
  private readonly live = new Map<ActiveSession, SealStream>();
  /**
   * Sessions with exchanges finished since their last seal. The frequent seal check looks only at
   * these, so its cost follows the sessions in use, not every session held until it goes idle.
   */
  private readonly unsealed = new Set<ActiveSession>();
  private readonly idleTimer: NodeJS.Timeout;
  private readonly sealTimer: NodeJS.Timeout;

  constructor(private readonly o: SessionLifecycleOptions) {
    const bounded = (ms: number) => Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, ms));
    this.idleTimer = setInterval(() => this.closeIdle(), bounded(o.idleMs / 4));
    this.sealTimer = setInterval(() => this.sealDue(), bounded(o.sealIntervalMs / 4));
    // Background work must not keep the process alive; shutdown goes through closeAll().
    this.idleTimer.unref();
    this.sealTimer.unref();
  }

  track(session: ActiveSession): void {
    this.live.set(session, new SealStream(session, this.o.seal, this.o.clock()));
    session.onUnsealed = (s) => this.unsealed.add(s);
  }

  close(session: ActiveSession, reason: SessionEndPayload["reason"]): void {
    const stream = this.live.get(session);
    if (!stream) return;
    this.live.delete(session);
    this.unsealed.delete(session);
    session.onUnsealed = null;
    session.closed = true;
    this.o.forget(session);
    stream.end(reason);
  }

  /** At shutdown: every session this replica holds ends here (another replica may carry on with it). */
  closeAll(): void {
    clearInterval(this.idleTimer);
    clearInterval(this.sealTimer);
    for (const session of [...this.live.keys()]) this.close(session, "shutdown");
  }

  private closeIdle(now = this.o.clock()): void {
    for (const session of this.live.keys()) {
      if (session.isIdle(now, this.o.idleMs)) this.close(session, "idle_timeout");
    }
  }

  private sealDue(now = this.o.clock()): void {
    for (const session of this.unsealed) {
      const stream = this.live.get(session);
      if (!stream) {
        this.unsealed.delete(session);
      } else if (now - stream.lastSealMs >= this.o.sealIntervalMs) {
        stream.seal(now);
        this.unsealed.delete(session);
      }
    }
  }
}

// Closing and sealing the HTTP sessions this replica records into. A timer looks at them now and
// then: a session idle for AIRLOCK_SESSION_IDLE_MS on this replica is closed (its final seal and
// `session.end`, which marks the row closed), and a busy one is sealed every `sealIntervalMs` so a
// long session is covered while it runs. Shutdown closes every session. Postgres sessions are not
// tracked: they end with their connection, in their own chain.
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

/** Bounds on how often the timer looks: often enough to close within ~¼ of the idle time, never busily. */
const MIN_TICK_MS = 25;
const MAX_TICK_MS = 15_000;

export class SessionLifecycle {
  private readonly live = new Map<ActiveSession, SealStream>();
  private readonly timer: NodeJS.Timeout;

  constructor(private readonly o: SessionLifecycleOptions) {
    const tickMs = Math.min(MAX_TICK_MS, Math.max(MIN_TICK_MS, Math.min(o.idleMs, o.sealIntervalMs) / 4));
    this.timer = setInterval(() => this.tick(), tickMs);
    // Background work must not keep the process alive; shutdown goes through closeAll().
    this.timer.unref();
  }

  track(session: ActiveSession): void {
    this.live.set(session, new SealStream(session, this.o.seal, this.o.clock()));
  }

  close(session: ActiveSession, reason: SessionEndPayload["reason"]): void {
    const stream = this.live.get(session);
    if (!stream) return;
    this.live.delete(session);
    session.closed = true;
    this.o.forget(session);
    stream.end(reason);
  }

  /** Closes idle sessions and seals busy ones that are due. */
  tick(now = this.o.clock()): void {
    for (const [session, stream] of this.live) {
      if (session.isIdle(now, this.o.idleMs)) this.close(session, "idle_timeout");
      else if (now - stream.lastSealMs >= this.o.sealIntervalMs) stream.seal(now);
    }
  }

  /** At shutdown: every session this replica holds ends here (another replica may carry on with it). */
  closeAll(): void {
    clearInterval(this.timer);
    for (const session of [...this.live.keys()]) this.close(session, "shutdown");
  }
}

import type { ExchangeDigest } from "@airlock/recording";

/** A session this replica is recording into, with what idle grouping and sealing need to know about it. */
export class ActiveSession {
  /** Chains opened and not yet closed: a session with an exchange in flight is never idle. */
  openChains = 0;
  /** Set once this replica closed the session (idle, shutdown): it is no longer handed out or sealed. */
  closed = false;
  /** The directory's key for this session (idle group or X-Airlock-Session value), to forget it on close. */
  cacheKey: string | null = null;
  /**
   * Exchanges finished since this replica's last seal (session-seal.ts); null for a session that is
   * not sealed (a Postgres connection is one chain, which its own checkpoint covers).
   */
  private unsealed: ExchangeDigest[] | null;

  constructor(
    readonly id: string,
    /** Event offsets (offsetMs) are measured from here. */
    readonly startedAtMs: number,
    public lastActivityMs: number,
    sealed = false,
  ) {
    this.unsealed = sealed ? [] : null;
  }

  isIdle(nowMs: number, idleMs: number): boolean {
    return this.openChains === 0 && nowMs - this.lastActivityMs > idleMs;
  }

  /**
   * A chain of this session was closed with this head. True when the next seal will list it (the
   * seal then vouches for it, session-seal.ts); false when the chain needs a checkpoint of its own
   * (a session that is not sealed, or one this replica already closed).
   */
  chainFinished(chainId: string, lastSeq: number, lastHash: string): boolean {
    if (this.unsealed === null || this.closed) return false;
    this.unsealed.push({ chainId, lastSeq, lastHash });
    if (this.unsealed.length === 1) this.onUnsealed?.(this);
    return true;
  }

  /** Called when the first exchange since the last seal finishes (the lifecycle then schedules a seal). */
  onUnsealed: ((session: ActiveSession) => void) | null = null;

  /** The exchanges finished since the last call (for the next seal). */
  takeUnsealed(): ExchangeDigest[] {
    if (this.unsealed === null || this.unsealed.length === 0) return [];
    const taken = this.unsealed;
    this.unsealed = [];
    return taken;
  }
}

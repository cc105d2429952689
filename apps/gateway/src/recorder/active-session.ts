/** A session this replica is recording into, with what idle grouping needs to know about it. */
export class ActiveSession {
  /** Chains opened and not yet closed: a session with an exchange in flight is never idle. */
  openChains = 0;

  constructor(
    readonly id: string,
    /** Event offsets (offsetMs) are measured from here. */
    readonly startedAtMs: number,
    public lastActivityMs: number,
  ) {}

  isIdle(nowMs: number, idleMs: number): boolean {
    return this.openChains === 0 && nowMs - this.lastActivityMs > idleMs;
  }
}

// How often an open Postgres session re-checks that its caller may still use the connection, and
// re-reads the connection's rules. Every check is served from caches, but it still costs a key
// hash and several lookups per statement, a good part of the listener's own work. A check is
// therefore reused until a configuration change arrives (the same notification that clears those
// caches, so a revoked key, a removed grant or a new guardrail still applies from the very next
// statement), and for at most RECHECK_MS otherwise: that bounds what only time reveals, such as a
// key reaching its expiry, to a second late.
export const RECHECK_MS = 1_000;

/** Counts configuration changes seen by this listener (and reconnects, which may hide some). */
export class ConfigEpoch {
  value = 0;

  bump(): void {
    this.value++;
  }
}

/** Memoises one session's access check (see above). */
export class AccessCheck<T> {
  #epoch = -1;
  #until = 0;
  #value: T | undefined;

  constructor(
    private readonly epoch: ConfigEpoch,
    private readonly check: () => Promise<T>,
    private readonly clock: () => number = Date.now,
  ) {}

  /**
   * The last check's result while still valid, synchronously (the common case costs no promise),
   * else a new check (a failed check is never reused).
   */
  current(): T | Promise<T> {
    if (this.#value !== undefined && this.#epoch === this.epoch.value && this.clock() < this.#until) return this.#value;
    const epoch = this.epoch.value;
    const started = this.clock();
    return this.check().then((value) => {
      this.#value = value;
      this.#epoch = epoch;
      this.#until = started + RECHECK_MS;
      return value;
    });
  }
}

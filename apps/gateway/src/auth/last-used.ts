// `lastUsedAt` is informational, so it is written in batches off the request path: requests only
// note the key id in a set, and a timer writes one UPDATE for all keys used since the last tick.
import type { Db } from "@airlock/db";
import type { Logger } from "pino";

export class LastUsedTracker {
  #pending = new Set<string>();
  readonly #timer: NodeJS.Timeout;

  constructor(
    private readonly db: Db,
    private readonly logger: Logger,
    intervalMs = 5_000,
  ) {
    this.#timer = setInterval(() => void this.flush(), intervalMs);
    this.#timer.unref();
  }

  touch(keyId: string): void {
    this.#pending.add(keyId);
  }

  async flush(): Promise<void> {
    if (this.#pending.size === 0) return;
    const ids = [...this.#pending];
    this.#pending = new Set();
    try {
      await this.db.apiKey.updateMany({ where: { id: { in: ids } }, data: { lastUsedAt: new Date() } });
    } catch (error) {
      this.logger.warn({ err: { message: (error as Error).message }, keys: ids.length }, "could not record key last-used times");
    }
  }

  async close(): Promise<void> {
    clearInterval(this.#timer);
    await this.flush();
  }
}

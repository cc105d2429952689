// BackendKeyData the gateway hands each client (its own random pid and secret, never the
// upstream's) and the session it belongs to, so a CancelRequest on a fresh connection finds it.
// In-process only: a cancel that reaches another replica finds nothing and is ignored, as
// PostgreSQL ignores unknown keys.
import { randomBytes, randomInt, timingSafeEqual } from "node:crypto";

export interface Cancellable {
  cancel(): void;
}

export interface CancelKey {
  processId: number;
  secretKey: Buffer;
}

export class CancelRegistry {
  readonly #sessions = new Map<number, { secretKey: Buffer; session: Cancellable }>();

  issue(session: Cancellable): CancelKey {
    let processId: number;
    do processId = randomInt(1, 0x7fffffff);
    while (this.#sessions.has(processId));
    const secretKey = randomBytes(4);
    this.#sessions.set(processId, { secretKey, session });
    return { processId, secretKey };
  }

  release(processId: number): void {
    this.#sessions.delete(processId);
  }

  /** True when the key matched a live session (which was asked to cancel). */
  cancel(processId: number, secretKey: Buffer): boolean {
    const entry = this.#sessions.get(processId);
    if (!entry || entry.secretKey.length !== secretKey.length || !timingSafeEqual(entry.secretKey, secretKey)) return false;
    entry.session.cancel();
    return true;
  }
}

import { randomBytes, randomUUID } from "node:crypto";

/**
 * Session ids shaped like Prisma's `cuid()` ("c" + time + randomness, lowercase base 36), so ids the
 * recorder makes in memory look like the ones Prisma makes and sort roughly by creation time.
 * Generated here because sessions created while PostgreSQL is down must have an id before their row exists.
 */
export function newSessionId(): string {
  const random = BigInt(`0x${randomBytes(10).toString("hex")}`).toString(36).padStart(16, "0");
  return `c${Date.now().toString(36)}${random}`;
}

/** A chain (one HTTP exchange, one Postgres client connection) is named by a random UUID. */
export function newChainId(): string {
  return randomUUID();
}

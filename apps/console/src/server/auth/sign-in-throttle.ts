// Sign-in rate limiting for local accounts: after too many failed attempts on one account, or from
// one client address, within a window, further attempts are refused without checking the password
// until the oldest of those failures leaves the window. A successful sign-in clears the account's
// count. Failures and refusals are audit events, and the counts are read from them, so every
// console replica enforces the same limits without state of its own.
import type { Db } from "@airlock/db";
import { tooManyAttemptsMessage } from "@/lib/sign-in-messages";
import { signInLocal, type SignedInUser } from "./local-sign-in";

export const SIGN_IN_FAILED = "auth.sign_in_failed";
export const SIGN_IN_THROTTLED = "auth.sign_in_throttled";

export interface SignInLimits {
  /** Failed attempts on one account within the window that lock it. */
  perAccount: number;
  /** Failed attempts from one client address (whatever accounts) within the window that block it. */
  perAddress: number;
  windowMs: number;
}

export interface SignInAttempt {
  email: string;
  password: string;
  /** The client's address as the reverse proxy reports it; null when unknown (no per-address limit). */
  ip: string | null;
}

/** Refused for too many failed attempts; the message says for how long, and is shown on the form. */
export class SignInThrottledError extends Error {
  constructor(readonly until: Date, now: Date) {
    super(tooManyAttemptsMessage(Math.max(1, Math.ceil((until.getTime() - now.getTime()) / 60_000))));
  }
}

/** Longer e-mails are not accounts (RFC 5321); the audit row keeps at most this much of what was typed. */
const MAX_EMAIL_LENGTH = 320;

/**
 * Signs in like signInLocal, within the limits: throws SignInThrottledError while they are exceeded,
 * otherwise returns the user or null, recording each failure.
 */
export async function signInWithinLimits(db: Db, attempt: SignInAttempt, limits: SignInLimits, now: Date = new Date()): Promise<SignedInUser | null> {
  const email = attempt.email.trim().toLowerCase().slice(0, MAX_EMAIL_LENGTH);
  const until = await refusedUntil(db, email, attempt.ip, limits, now);
  if (until) {
    await audit(db, SIGN_IN_THROTTLED, email, attempt.ip, now);
    throw new SignInThrottledError(until, now);
  }
  const user = await signInLocal(db, email, attempt.password, now);
  if (!user) await audit(db, SIGN_IN_FAILED, email, attempt.ip, now);
  return user;
}

async function refusedUntil(db: Db, email: string, ip: string | null, limits: SignInLimits, now: Date): Promise<Date | null> {
  const windowStart = new Date(now.getTime() - limits.windowMs);
  const account = await db.user.findUnique({ where: { email }, select: { lastLoginAt: true } });
  const accountSince = account?.lastLoginAt && account.lastLoginAt > windowStart ? account.lastLoginAt : windowStart;
  const [byAccount, byAddress] = await Promise.all([
    limitReachedAt(db, { targetId: email }, accountSince, limits.perAccount),
    ip ? limitReachedAt(db, { ip }, windowStart, limits.perAddress) : null,
  ]);
  const ends = [byAccount, byAddress].flatMap((at) => (at ? [at.getTime() + limits.windowMs] : []));
  return ends.length ? new Date(Math.max(...ends)) : null;
}

/**
 * The `limit`-th latest failure since `since`, if there are that many: the limit is reached, and
 * stays reached until that failure leaves the window.
 */
async function limitReachedAt(db: Db, who: { targetId: string } | { ip: string }, since: Date, limit: number): Promise<Date | null> {
  const row = await db.auditEvent.findFirst({
    where: { action: SIGN_IN_FAILED, at: { gt: since }, ...who },
    orderBy: { at: "desc" },
    skip: limit - 1,
    select: { at: true },
  });
  return row?.at ?? null;
}

function audit(db: Db, action: string, email: string, ip: string | null, at: Date) {
  return db.auditEvent.create({ data: { at, actorKind: "anonymous", actorLabel: email, action, targetType: "user", targetId: email, ip } });
}

// Sign-in rate limiting: too many failed passwords on one account, or from one address, within the
// window refuse further attempts for a while, with a message saying how long; all of it audited.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signInErrorMessage } from "@/lib/sign-in-messages";
import { hashPassword } from "@/server/auth/password";
import { SIGN_IN_FAILED, SIGN_IN_THROTTLED, SignInThrottledError, signInWithinLimits, type SignInLimits } from "@/server/auth/sign-in-throttle";
import { startHarness, type Harness } from "./support/harness";

let h: Harness;
const PASSWORD = "correct horse battery staple";
const limits: SignInLimits = { perAccount: 3, perAddress: 5, windowMs: 15 * 60_000 };
const start = Date.parse("2026-06-01T09:00:00.000Z");
const at = (minutes: number) => new Date(start + minutes * 60_000);

beforeAll(async () => {
  h = await startHarness();
});
afterAll(() => h?.close());

let accounts = 0;
async function account(): Promise<string> {
  const email = `person-${++accounts}@example.test`;
  await h.db.user.create({ data: { email, role: "reviewer", passwordHash: await hashPassword(PASSWORD) } });
  return email;
}

const attempt = (email: string, password: string, minutes: number, ip: string | null = null) =>
  signInWithinLimits(h.db, { email, password, ip }, limits, at(minutes));

async function refusal(promise: Promise<unknown>): Promise<SignInThrottledError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(SignInThrottledError);
  return error as SignInThrottledError;
}

describe("sign-in rate limiting", () => {
  it("locks an account after too many failures, even for the right password, until they leave the window", async () => {
    const email = await account();
    for (const minute of [0, 1, 2]) expect(await attempt(email, "wrong password", minute)).toBeNull();

    const refused = await refusal(attempt(email, PASSWORD, 3));
    // The first failure (minute 0) leaves the 15-minute window at minute 15: twelve minutes from now.
    expect(refused.message).toBe("Too many failed sign-in attempts. Try again in 12 minutes.");
    expect(signInErrorMessage(refused.message)).toBe(refused.message);
    await refusal(attempt(email, PASSWORD, 14));

    expect(await attempt(email, PASSWORD, 15.1)).toMatchObject({ email });
  });

  it("counts only failures since the account last signed in", async () => {
    const email = await account();
    expect(await attempt(email, "wrong password", 0)).toBeNull();
    expect(await attempt(email, "wrong password", 1)).toBeNull();
    expect(await attempt(email, PASSWORD, 2)).toMatchObject({ email });
    expect(await attempt(email, "wrong password", 3)).toBeNull();
    expect(await attempt(email, "wrong password", 4)).toBeNull();
    expect(await attempt(email, PASSWORD, 5)).toMatchObject({ email });
  });

  it("locks unknown e-mails the same way, and leaves other accounts alone", async () => {
    const other = await account();
    for (const minute of [0, 1, 2]) expect(await attempt("nobody@example.test", PASSWORD, minute)).toBeNull();
    await refusal(attempt("Nobody@Example.test ", PASSWORD, 3));
    expect(await attempt(other, PASSWORD, 3)).toMatchObject({ email: other });
  });

  it("blocks an address that tries many accounts, but not the accounts from elsewhere", async () => {
    const ip = "203.0.113.7";
    const emails = await Promise.all([1, 2, 3, 4, 5, 6].map(() => account()));
    for (const [i, email] of emails.slice(0, 5).entries()) expect(await attempt(email, "wrong password", i * 0.1, ip)).toBeNull();
    await refusal(attempt(emails[5]!, PASSWORD, 1, ip));
    expect(await attempt(emails[5]!, PASSWORD, 1, "198.51.100.1")).toMatchObject({ email: emails[5] });
  });

  it("audits each failure and each refusal, with the address", async () => {
    const email = await account();
    const ip = "192.0.2.44";
    for (const minute of [0, 1, 2]) await attempt(email, "wrong password", minute, ip);
    await refusal(attempt(email, PASSWORD, 3, ip));
    const events = await h.db.auditEvent.findMany({ where: { targetId: email }, orderBy: { id: "asc" } });
    expect(events.map((e) => [e.action, e.ip, e.actorLabel])).toEqual([
      [SIGN_IN_FAILED, ip, email],
      [SIGN_IN_FAILED, ip, email],
      [SIGN_IN_FAILED, ip, email],
      [SIGN_IN_THROTTLED, ip, email],
    ]);
    expect(JSON.stringify(events.map(({ id: _id, ...e }) => e))).not.toContain("wrong password");
  });

  it("tells the form nothing else apart: any other refusal reads the same", () => {
    expect(signInErrorMessage("CredentialsSignin")).toBe("Invalid email or password.");
    expect(signInErrorMessage(undefined)).toBe("Invalid email or password.");
  });
});

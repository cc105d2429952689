// The Credentials provider's check: e-mail + password against a local account.
import type { Db } from "@airlock/db";
import type { Role } from "@/lib/roles";
import { verifyPassword } from "./password";

export interface SignedInUser {
  id: string;
  email: string;
  name: string | null;
  role: Role;
}

/**
 * Returns the user when the password matches an enabled local account, null otherwise. Every
 * failure (unknown e-mail, no password set, wrong password, disabled) runs one argon2 verification
 * and returns the same null, so neither the answer nor its timing tells them apart.
 */
export async function signInLocal(db: Db, email: string, password: string, now: Date = new Date()): Promise<SignedInUser | null> {
  const user = await db.user.findUnique({
    where: { email: email.trim().toLowerCase() },
    omit: { passwordHash: false },
  });
  const ok = await verifyPassword(user?.passwordHash, password);
  if (!user || !ok || user.disabled) return null;
  await db.user.update({ where: { id: user.id }, data: { lastLoginAt: now } });
  return { id: user.id, email: user.email, name: user.name, role: user.role };
}

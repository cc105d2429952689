// The first administrator: created when no admin exists yet (by `pnpm start`, through
// scripts/ensure-admin.ts). Idempotent: with an admin present it changes nothing.
import type { Db } from "@airlock/db";
import { generatePassword, hashPassword, MIN_PASSWORD_LENGTH } from "./auth/password";

export interface EnsureAdminResult {
  created: boolean;
  email: string;
  /** The generated password, when none was given; shown once. */
  password?: string;
}

export async function ensureAdmin(db: Db, options: { email: string; password?: string }): Promise<EnsureAdminResult> {
  const email = options.email.trim().toLowerCase();
  const existing = await db.user.findFirst({ where: { role: "admin", disabled: false }, orderBy: { createdAt: "asc" } });
  if (existing) return { created: false, email: existing.email };
  if (options.password !== undefined && options.password.length < MIN_PASSWORD_LENGTH) {
    throw new Error(`AIRLOCK_ADMIN_PASSWORD must be at least ${MIN_PASSWORD_LENGTH} characters`);
  }
  const password = options.password ?? generatePassword();
  const passwordHash = await hashPassword(password);
  // An existing non-admin account with that e-mail is promoted rather than duplicated.
  const user = await db.user.upsert({
    where: { email },
    create: { email, name: "Administrator", role: "admin", passwordHash },
    update: { role: "admin", disabled: false, passwordHash },
  });
  await db.auditEvent.create({
    data: { actorKind: "system", actorLabel: "ensure-admin", action: "user.bootstrap_admin", targetType: "user", targetId: user.id, after: { email, role: "admin" } },
  });
  return options.password === undefined ? { created: true, email, password } : { created: true, email };
}

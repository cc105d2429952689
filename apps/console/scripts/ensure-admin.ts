// Creates the first console administrator if there is none, and prints one JSON line:
//   {"created":true,"email":"admin@airlock.local","password":"…"}   (password only when generated)
//   {"created":false,"email":"…"}                                   (an admin already exists)
// Environment: DATABASE_URL (required), AIRLOCK_ADMIN_EMAIL (default admin@airlock.local),
// AIRLOCK_ADMIN_PASSWORD (optional; generated when unset).
import { createDb, describeDbError } from "@airlock/db";
import { ensureAdmin } from "../src/server/bootstrap-admin";

const url = process.env.DATABASE_URL;
if (!url) {
  console.error("ensure-admin: DATABASE_URL is required");
  process.exit(2);
}
const db = createDb(url, { max: 1 });
try {
  const result = await ensureAdmin(db, {
    email: process.env.AIRLOCK_ADMIN_EMAIL || "admin@airlock.local",
    ...(process.env.AIRLOCK_ADMIN_PASSWORD ? { password: process.env.AIRLOCK_ADMIN_PASSWORD } : {}),
  });
  console.log(JSON.stringify(result));
} catch (err) {
  console.error(`ensure-admin: ${err instanceof Error && !("code" in err) ? err.message : describeDbError(err)}`);
  process.exitCode = 1;
} finally {
  await db.$disconnect();
}

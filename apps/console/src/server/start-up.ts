// Console start-up: validate the configuration (stop with a message naming the bad variable rather
// than fail on the first request) and schedule the retention purge.
import { SYSTEM_ACTOR } from "./api/audit";
import { getDb } from "./db";
import { ConfigError, getEnv } from "./env";
import { scheduleRetention } from "./retention";

export function startUp(): void {
  let env;
  try {
    env = getEnv();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(1);
    }
    throw err;
  }
  scheduleRetention(getDb, SYSTEM_ACTOR, env.AIRLOCK_RETENTION_INTERVAL_MINUTES);
}

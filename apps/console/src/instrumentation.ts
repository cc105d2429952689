// Runs once when the server starts: validates the configuration (the process stops with a message
// naming the bad variable) and schedules the retention purge.
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { getEnv, ConfigError } = await import("./server/env");
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
  const [{ scheduleRetention }, { getDb }, { SYSTEM_ACTOR }] = await Promise.all([
    import("./server/retention"),
    import("./server/db"),
    import("./server/api/audit"),
  ]);
  scheduleRetention(getDb, SYSTEM_ACTOR, env.AIRLOCK_RETENTION_INTERVAL_MINUTES);
}

// Prometheus series for the Postgres listener, registered once per registry.
import { Counter, Gauge, type Registry } from "prom-client";

export interface PgMetrics {
  sessionStarted(): void;
  sessionEnded(): void;
  startupFailed(sqlstate: string): void;
  statement(connection: string, outcome: "ok" | "error" | "refused"): void;
}

function reuse<T>(registry: Registry, name: string, make: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? make();
}

export function createPgMetrics(registry: Registry): PgMetrics {
  const sessions = reuse(registry, "airlock_pg_sessions", () => new Gauge({ name: "airlock_pg_sessions", help: "Open Postgres client sessions", registers: [registry] }));
  const failures = reuse(
    registry,
    "airlock_pg_startup_failures_total",
    () => new Counter({ name: "airlock_pg_startup_failures_total", help: "Postgres sessions refused at startup, by SQLSTATE", labelNames: ["sqlstate"], registers: [registry] }),
  );
  const statements = reuse(
    registry,
    "airlock_pg_statements_total",
    () =>
      new Counter({
        name: "airlock_pg_statements_total",
        help: "SQL statements through the Postgres listener, by connection and outcome (ok, error, refused)",
        labelNames: ["connection", "outcome"],
        registers: [registry],
      }),
  );
  // Labelled children are looked up once per (connection, outcome), not hashed per statement.
  const children = new Map<string, { inc(): void }>();
  return {
    sessionStarted: () => sessions.inc(),
    sessionEnded: () => sessions.dec(),
    startupFailed: (sqlstate) => failures.inc({ sqlstate }),
    statement: (connection, outcome) => {
      const key = `${connection}\0${outcome}`;
      let child = children.get(key);
      if (!child) {
        child = statements.labels({ connection, outcome });
        children.set(key, child);
      }
      child.inc();
    },
  };
}

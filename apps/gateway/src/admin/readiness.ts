// Readiness of one gateway process: the database answers, the recorder accepts events, and the
// process is not shutting down (so load balancers stop sending traffic first).
import type { Db } from "@airlock/db";
import type { Registry } from "prom-client";
import type { Recorder } from "../recorder/types";
import type { AdminDeps, Readiness } from "./admin-server";

export interface ProcessHealthDeps {
  db: Db;
  registry: Registry;
  recorder: () => Recorder | undefined;
  draining: () => boolean;
}

const READY_DB_TIMEOUT_MS = 2_000;

async function databaseReachable(db: Db): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error("timeout")), READY_DB_TIMEOUT_MS);
    });
    await Promise.race([db.$queryRaw`SELECT 1`, timeout]);
    return true;
  } catch {
    return false;
  } finally {
    clearTimeout(timer);
  }
}

export async function processReadiness(deps: Omit<ProcessHealthDeps, "registry">): Promise<Readiness & { checks: { database: boolean; recorder: boolean; draining: boolean } }> {
  const recorder = deps.recorder();
  const checks = {
    database: await databaseReachable(deps.db),
    recorder: recorder?.accepting ?? false,
    draining: deps.draining(),
  };
  return { ready: checks.database && checks.recorder && !checks.draining, checks };
}

/** The admin endpoints of a gateway that runs in a single process. */
export function processAdmin(deps: ProcessHealthDeps): AdminDeps {
  return {
    readiness: () => processReadiness(deps),
    metrics: async () => ({ contentType: deps.registry.contentType, text: await deps.registry.metrics() }),
  };
}

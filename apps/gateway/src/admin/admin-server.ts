// The admin port: liveness, readiness (database reachable, recorder accepting) and Prometheus
// metrics. Kept off the data port so it can be firewalled separately.
import { createServer, type Server, type ServerResponse } from "node:http";
import type { Db } from "@airlock/db";
import type { Registry } from "prom-client";
import type { Recorder } from "../recorder/types";

export interface AdminDeps {
  db: Db;
  registry: Registry;
  recorder: () => Recorder | undefined;
  /** Readiness turns false while shutting down, so load balancers stop sending traffic first. */
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

function json(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
  res.end(text);
}

export function createAdminServer(deps: AdminDeps): Server {
  return createServer((req, res) => {
    const path = (req.url ?? "/").split("?")[0];
    if (req.method !== "GET" && req.method !== "HEAD") return json(res, 405, { error: "method not allowed" });
    if (path === "/healthz") return json(res, 200, { status: "ok" });
    if (path === "/readyz") {
      void (async () => {
        const recorder = deps.recorder();
        const checks = {
          database: await databaseReachable(deps.db),
          recorder: recorder?.accepting ?? false,
          draining: deps.draining(),
        };
        const ready = checks.database && checks.recorder && !checks.draining;
        json(res, ready ? 200 : 503, { status: ready ? "ready" : "not_ready", checks });
      })();
      return;
    }
    if (path === "/metrics") {
      void deps.registry.metrics().then(
        (text) => {
          res.writeHead(200, { "content-type": deps.registry.contentType });
          res.end(text);
        },
        () => json(res, 500, { error: "metrics unavailable" }),
      );
      return;
    }
    json(res, 404, { error: "not found", endpoints: ["/healthz", "/readyz", "/metrics"] });
  });
}

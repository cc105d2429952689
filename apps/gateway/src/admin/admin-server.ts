// The admin port: liveness, readiness and Prometheus metrics. Kept off the data port so it can be
// firewalled separately. What "ready" means and where the metrics come from is given by the caller:
// one gateway process answers for itself (readiness.ts); a cluster primary asks its workers.
import { createServer, type Server, type ServerResponse } from "node:http";

export interface Readiness {
  ready: boolean;
  checks: Record<string, unknown>;
}

export interface AdminDeps {
  readiness(): Promise<Readiness>;
  /** Prometheus exposition text and its content type. */
  metrics(): Promise<{ contentType: string; text: string }>;
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
      void deps.readiness().then(
        ({ ready, checks }) => json(res, ready ? 200 : 503, { status: ready ? "ready" : "not_ready", checks }),
        () => json(res, 503, { status: "not_ready", checks: {} }),
      );
      return;
    }
    if (path === "/metrics") {
      void deps.metrics().then(
        ({ contentType, text }) => {
          res.writeHead(200, { "content-type": contentType });
          res.end(text);
        },
        () => json(res, 500, { error: "metrics unavailable" }),
      );
      return;
    }
    json(res, 404, { error: "not found", endpoints: ["/healthz", "/readyz", "/metrics"] });
  });
}

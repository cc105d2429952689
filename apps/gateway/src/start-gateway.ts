// Starts a complete gateway: services, the HTTP data port, the Postgres port and the admin port.
// Tests and the stack booter call this with port 0; main.ts calls it with the environment.
import type { DestinationStream } from "pino";
import { createAdminServer } from "./admin/admin-server";
import { processAdmin } from "./admin/readiness";
import { buildServices, type ServiceFactories } from "./build-services";
import { loadGatewayConfig } from "./config";
import { createGatewayHttpServer } from "./http/server";
import { closeServer, listen } from "./net/listen";
import type { GatewayServices } from "./services";
import { compileWasmWithBaselineOnly } from "./wasm-baseline";

export interface PgListener {
  port: number;
  close(): Promise<void>;
}

export interface GatewayParts extends ServiceFactories {
  startPgListener(services: GatewayServices): Promise<PgListener>;
}

export interface StartGatewayOptions {
  /** Where JSON log lines go (default: stdout). */
  logDestination?: DestinationStream;
  /** Replaces parts built by other modules (tests use this for fakes of parts under construction). */
  parts?: Partial<GatewayParts>;
  /** How long close() lets in-flight exchanges finish before cutting them (default 10 s). */
  drainTimeoutMs?: number;
  /**
   * "worker": one of several cluster workers; it opens no admin port (the primary serves one for
   * all workers) and announces itself as "worker listening". Default "single".
   */
  role?: "single" | "worker";
}

export interface RunningGateway {
  httpPort: number;
  pgPort: number;
  /** 0 for a cluster worker, which has no admin port of its own. */
  adminPort: number;
  services: GatewayServices;
  /** Stops accepting, lets in-flight exchanges finish (bounded), flushes the recorder, releases everything. */
  close(): Promise<void>;
}

async function resolveParts(given: Partial<GatewayParts> = {}): Promise<GatewayParts> {
  if (given.createRecorder && given.createApprovalGate && given.startPgListener) return given as GatewayParts;
  const defaults = await import("./default-parts");
  return { ...defaults.defaultParts, ...given };
}

export async function startGateway(env: NodeJS.ProcessEnv = process.env, options: StartGatewayOptions = {}): Promise<RunningGateway> {
  const config = loadGatewayConfig(env);
  compileWasmWithBaselineOnly();
  const parts = await resolveParts(options.parts);
  const built = await buildServices(config, parts, options.logDestination);
  const { services, metrics } = built;
  let draining = false;
  const http = createGatewayHttpServer(services, metrics);
  const admin = createAdminServer(processAdmin({ db: services.db, registry: metrics.registry, recorder: () => services.recorder, draining: () => draining }));
  const worker = options.role === "worker";
  let pg: PgListener | undefined;
  try {
    const host = config.AIRLOCK_HOST;
    const httpPort = await listen(http.server, host, config.AIRLOCK_GATEWAY_PORT, "AIRLOCK_GATEWAY_PORT");
    const adminPort = worker ? 0 : await listen(admin, host, config.AIRLOCK_ADMIN_PORT, "AIRLOCK_ADMIN_PORT");
    pg = await parts.startPgListener(services);
    const pgListener = pg;
    if (worker) services.logger.info({ httpPort, pgPort: pg.port, pid: process.pid }, "worker listening");
    else services.logger.info({ httpPort, pgPort: pg.port, adminPort }, "gateway listening");
    let closing: Promise<void> | undefined;
    return {
      httpPort,
      pgPort: pg.port,
      adminPort,
      services,
      close() {
        closing ??= (async () => {
          draining = true;
          const drained = Promise.all([closeServer(http.server), pgListener.close()]);
          const timeout = new Promise<void>((resolve) => setTimeout(resolve, options.drainTimeoutMs ?? 10_000).unref());
          await Promise.race([drained, timeout]);
          http.server.closeAllConnections();
          http.upstream.close();
          await built.close();
          admin.closeAllConnections();
          await closeServer(admin);
        })();
        return closing;
      },
    };
  } catch (error) {
    await Promise.allSettled([closeServer(http.server), closeServer(admin), pg?.close()]);
    http.upstream.close();
    await built.close();
    throw error;
  }
}

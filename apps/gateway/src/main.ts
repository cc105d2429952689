// The gateway process: configuration from the environment, listeners up, graceful shutdown on
// SIGINT/SIGTERM. Start-up problems an operator can fix print one line and exit 1, no stack trace.
// With AIRLOCK_WORKERS > 1 this process is the cluster primary and every worker runs this file too.
import cluster from "node:cluster";
import type { Logger } from "pino";
import { isMessage, WORKER_INDEX_ENV, type ShutdownMessage } from "./cluster/messages";
import { ConfigError, loadGatewayConfig, type GatewayConfig } from "./config";
import { GATEWAY_NODE_FLAGS, missingNodeFlags } from "./node-flags";

interface Running {
  logger: Logger;
  /** Resolves false when part of the shutdown did not finish cleanly (a worker exited with an error). */
  close(): Promise<boolean | void>;
}

function fail(message: string): never {
  console.error(`airlock-gateway: ${message}`);
  process.exit(1);
}

/** Errors whose message tells an operator what to change. Imported here, late, so that a cluster primary never loads the database client. */
async function isOperatorError(error: unknown): Promise<boolean> {
  const [{ StartupError }, { ListenError }, { WorkerStartError }] = await Promise.all([import("./build-services"), import("./net/listen"), import("./cluster/primary")]);
  return error instanceof ConfigError || error instanceof StartupError || error instanceof ListenError || error instanceof WorkerStartError;
}

// One of our own cluster workers (not a worker of some other process manager's cluster).
const isWorker = cluster.isWorker && process.env[WORKER_INDEX_ENV] !== undefined;

let running: Running | undefined;
let stopReason: string | undefined;

function shutdown(target: Running, reason: string): void {
  target.logger.info({ signal: reason }, "shutting down: no new requests, finishing in-flight ones, flushing recordings");
  target.close().then(
    // Log lines are written asynchronously: flush them before the process ends.
    (clean) => target.logger.flush(() => process.exit(clean === false ? 1 : 0)),
    (error: unknown) => fail(`shutdown failed: ${(error as Error)?.message ?? String(error)}`),
  );
}

/** A second signal means "now"; a stop asked for during start-up runs once start-up is done. */
function requestStop(reason: string, fromSignal: boolean): void {
  if (stopReason !== undefined) {
    if (!fromSignal) return;
    console.error(`airlock-gateway: ${reason} again, exiting without waiting`);
    process.exit(1);
  }
  stopReason = reason;
  if (running) shutdown(running, reason);
}

async function startPrimary(config: GatewayConfig): Promise<Running> {
  const [{ startCluster }, { createLogger }, { replicaIdFrom }] = await Promise.all([import("./cluster/primary"), import("./logging/logger"), import("./replica-id")]);
  // Worker 1 logs under the same replica id (it keeps that spool folder); role tells them apart.
  const logger = createLogger(config, replicaIdFrom(config)).child({ role: "primary" });
  const gatewayCluster = await startCluster(config, logger);
  return { logger, close: () => gatewayCluster.close() };
}

async function startProcess(role: "single" | "worker"): Promise<Running> {
  const { startGateway } = await import("./start-gateway");
  const gateway = await startGateway(process.env, { role });
  if (role === "worker") {
    const { serveAsWorker } = await import("./cluster/worker");
    serveAsWorker(gateway, { draining: () => stopReason !== undefined });
  }
  return { logger: gateway.services.logger, close: () => gateway.close() };
}

async function main(): Promise<void> {
  // Handlers first: a signal that arrives while the listeners start must not kill the process by
  // default action (it would skip draining and flushing).
  process.on("SIGTERM", () => requestStop("SIGTERM", true));
  // Ctrl-C reaches every process of the group: a worker leaves it to the primary, which stops the
  // workers in order.
  process.on("SIGINT", isWorker ? () => undefined : () => requestStop("SIGINT", true));
  if (isWorker) {
    process.on("message", (raw: unknown) => {
      if (isMessage<ShutdownMessage>(raw, "airlock:shutdown")) requestStop("shutdown requested by the primary", false);
    });
  }
  try {
    const config = loadGatewayConfig(process.env);
    if (cluster.isPrimary && config.AIRLOCK_WORKERS > 1) running = await startPrimary(config);
    else running = await startProcess(isWorker ? "worker" : "single");
  } catch (error) {
    const message = (error as Error)?.message ?? String(error);
    if (await isOperatorError(error)) fail(message);
    fail(`could not start: ${message}`);
  }
  // Cluster workers inherit the primary's flags: one warning is enough.
  const missing = isWorker ? [] : missingNodeFlags(process.execArgv);
  if (missing.length > 0) {
    running.logger.warn(
      { missing, start: `node ${GATEWAY_NODE_FLAGS.join(" ")} dist/main.js` },
      "started without the gateway's node flags: latency under load is less even (see docs/configuration.md, \"Node flags\")",
    );
  }
  if (stopReason !== undefined) shutdown(running, stopReason);
}

void main();

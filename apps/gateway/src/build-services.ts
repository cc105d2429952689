// Builds the GatewayServices every data path receives: configuration, database, logger, metrics,
// LISTEN/NOTIFY, caches (connections, keys, grants, rules, OIDC identities) that drop their
// contents on configuration changes, authentication, the recorder and the approval gate.
import { createDb, describeDbError } from "@airlock/db";
import pg from "pg";
import type { DestinationStream, Logger } from "pino";
import type { ApprovalGate } from "./approval/types";
import { ApiKeyStore } from "./auth/api-key-store";
import { createAuthenticator } from "./auth/authenticator";
import { GrantStore } from "./auth/grant-store";
import { LastUsedTracker } from "./auth/last-used";
import { OidcIdentities } from "./auth/oidc-identities";
import { OidcVerifier } from "./auth/oidc-verifier";
import { onConfigChange } from "./cache/config-changes";
import type { GatewayConfig } from "./config";
import { CachedConnectionDirectory } from "./directory/connection-directory";
import { CachedRuleDirectory } from "./directory/rule-directory";
import { hashKeyFrom, masterKeyFrom, replicaIdFrom } from "./keys";
import { createLogger } from "./logging/logger";
import { createGatewayMetrics, registerRecorderGauges, type GatewayMetrics } from "./metrics/gateway-metrics";
import { createPgNotifications } from "./notifications/pg-notifications";
import type { Recorder } from "./recorder/types";
import type { GatewayServices, Notifications } from "./services";

/** Start-up failed for a reason an operator can fix; the message is one line. */
export class StartupError extends Error {}

/** One plain connection first: its errors carry the driver's codes, which read better than Prisma's. */
async function checkDatabase(connectionString: string): Promise<void> {
  const client = new pg.Client({ connectionString, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.query("SELECT 1");
  } catch (error) {
    throw new StartupError(`Cannot use the database: ${describeDbError(error)}`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

export interface ServiceFactories {
  createRecorder(deps: { db: GatewayServices["db"]; config: GatewayConfig; logger: Logger; replicaId: string; hashKey: Buffer; metrics: GatewayMetrics["registry"] }): Promise<Recorder>;
  createApprovalGate(deps: { db: GatewayServices["db"]; notifications: Notifications; logger: Logger; config: GatewayConfig; metrics: GatewayMetrics["registry"] }): Promise<ApprovalGate>;
}

export interface BuiltServices {
  services: GatewayServices;
  metrics: GatewayMetrics;
  /** Releases everything built here, in reverse order. */
  close(): Promise<void>;
}

export async function buildServices(config: GatewayConfig, factories: ServiceFactories, logDestination?: DestinationStream): Promise<BuiltServices> {
  const masterKey = masterKeyFrom(config);
  const hashKey = hashKeyFrom(config, masterKey);
  const replicaId = replicaIdFrom(config);
  const logger = createLogger(config, replicaId, logDestination);
  const metrics = createGatewayMetrics();
  const db = createDb(config.DATABASE_URL, { max: 10 });
  const closers: (() => Promise<void> | void)[] = [() => db.$disconnect()];
  const close = async () => {
    for (const closer of closers.reverse()) {
      try {
        await closer();
      } catch (error) {
        logger.warn({ err: { message: (error as Error).message } }, "error while shutting down");
      }
    }
  };
  try {
    await checkDatabase(config.DATABASE_URL);
    const notifications = createPgNotifications(config.DATABASE_URL, logger.child({ component: "notifications" }));
    closers.push(() => notifications.close());
    await notifications.ready().catch((error: unknown) => {
      throw new StartupError(`Cannot LISTEN for configuration changes: ${describeDbError(error)}`);
    });

    const ttl = config.AIRLOCK_CACHE_TTL_MS;
    const keys = new ApiKeyStore(db, ttl);
    const grants = new GrantStore(db, ttl);
    const connections = new CachedConnectionDirectory(db, masterKey, ttl);
    const rules = new CachedRuleDirectory(db, hashKey, ttl);
    const lastUsed = new LastUsedTracker(db, logger);
    closers.push(() => lastUsed.close());
    const oidc = config.AIRLOCK_OIDC_ISSUER
      ? {
          verifier: new OidcVerifier({
            issuer: config.AIRLOCK_OIDC_ISSUER,
            audience: config.AIRLOCK_OIDC_AUDIENCE,
            jwksUrl: config.AIRLOCK_OIDC_JWKS_URL,
            algorithms: config.AIRLOCK_OIDC_ALGORITHMS.split(",").map((a) => a.trim()).filter((a) => a && a.toLowerCase() !== "none"),
          }),
          identities: new OidcIdentities(db, ttl),
        }
      : undefined;
    const caches = [keys, grants, connections, rules, ...(oidc ? [oidc.identities] : [])];
    closers.push(onConfigChange(notifications, () => caches.forEach((c) => c.clear())));

    const recorder = await factories.createRecorder({ db, config, logger, replicaId, hashKey, metrics: metrics.registry });
    closers.push(() => recorder.close());
    registerRecorderGauges(metrics.registry, () => recorder);
    const approvals = await factories.createApprovalGate({ db, notifications, logger, config, metrics: metrics.registry });
    closers.push(() => approvals.close());

    const services: GatewayServices = {
      config,
      db,
      logger,
      metrics: metrics.registry,
      masterKey,
      hashKey,
      replicaId,
      notifications,
      auth: createAuthenticator({ keys, grants, lastUsed, oidc }),
      connections,
      rules,
      recorder,
      approvals,
    };
    return { services, metrics, close };
  } catch (error) {
    await close();
    throw error;
  }
}

// Just-in-time approval for the gateway's data paths (HTTP and Postgres). See gate.ts for the
// order of checks, waiters.ts for how held clients are released on every replica, and
// webhooks/ for announcing new requests.
import type { Db } from "@airlock/db";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { GatewayConfig } from "../config";
import type { Notifications } from "../services";
import { createGate } from "./gate";
import { createApprovalMetrics } from "./metrics";
import { loadPolicySet } from "./policies";
import type { ApprovalGate } from "./types";
import { createWaiterRegistry } from "./waiters";
import { startWebhookDispatcher, type WebhookDispatcherOptions } from "./webhooks/dispatcher";

export interface ApprovalGateOptions {
  db: Db;
  notifications: Notifications;
  logger: Logger;
  config: GatewayConfig;
  metrics?: Registry;
  /** Safety re-check of held requests, for decisions whose notification was lost. */
  recheckIntervalMs?: number;
  /** How often pending requests orphaned past their expiry (a crashed replica) are marked expired. */
  staleSweepIntervalMs?: number;
  /** Safety reload of policies, for changes whose notification was lost. */
  policyRefreshIntervalMs?: number;
  /** Webhook sending; `false` leaves deliveries queued for other replicas (still enqueued here). */
  webhooks?: Partial<WebhookDispatcherOptions> | false;
}

export async function createApprovalGate(opts: ApprovalGateOptions): Promise<ApprovalGate> {
  const logger = opts.logger.child({ component: "approval" });
  const metrics = createApprovalMetrics(opts.metrics);
  const policies = await loadPolicySet({
    db: opts.db,
    notifications: opts.notifications,
    logger,
    ...(opts.policyRefreshIntervalMs ? { refreshIntervalMs: opts.policyRefreshIntervalMs } : {}),
  });
  const waiters = createWaiterRegistry({
    db: opts.db,
    notifications: opts.notifications,
    logger,
    metrics,
    recheckIntervalMs: opts.recheckIntervalMs ?? 5_000,
    sweepIntervalMs: opts.staleSweepIntervalMs ?? 60_000,
  });
  const dispatcher =
    opts.webhooks === false ? null : startWebhookDispatcher({ db: opts.db, logger, metrics, options: opts.webhooks ?? {} });

  return createGate({
    db: opts.db,
    logger,
    consoleUrl: opts.config.AIRLOCK_CONSOLE_URL,
    policies,
    waiters,
    metrics,
    onCreated: () => dispatcher?.wake(),
    async close() {
      policies.close();
      await waiters.close();
      await dispatcher?.close();
    },
  });
}

export type { ApprovalGate, ApprovalOutcome, ApprovalSubject, PendingDetails } from "./types";
export {
  recordApprovalDecision,
  ApprovalDecisionError,
  DEFAULT_RETRY_WINDOW_SECONDS,
  type ApprovalDecisionInput,
  type ApprovalDecisionResult,
  type ApprovalDecisionErrorCode,
} from "./decide";
export { approvalFingerprint } from "./fingerprint";
export { startWebhookDispatcher, DEFAULT_WEBHOOK_OPTIONS, type WebhookDispatcher, type WebhookDispatcherOptions } from "./webhooks/dispatcher";
export { genericPayload, slackPayload, approvalUrl, type PendingApprovalNotice } from "./webhooks/payload";

// Approval metrics on the gateway's registry. Looked up before being created because several gates
// (tests, or a future second listener) may share one registry and prom-client refuses duplicates.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";
import type { ApprovalOutcome } from "./types";

export interface ApprovalMetrics {
  /** A request started being held on this replica (+1) or stopped (-1). */
  held(delta: 1 | -1): void;
  /** An outcome other than not_required; `waitedMs` only for clients that were held. */
  outcome(outcome: Exclude<ApprovalOutcome, { outcome: "not_required" }>, waitedMs?: number): void;
  webhook(result: "delivered" | "retry" | "failed"): void;
}

function reuse<T>(registry: Registry, name: string, create: () => T): T {
  return (registry.getSingleMetric(name) as T | undefined) ?? create();
}

export function createApprovalMetrics(registry?: Registry): ApprovalMetrics {
  if (!registry) return { held() {}, outcome() {}, webhook() {} };
  const registers = [registry];
  const pending = reuse(registry, "airlock_approval_pending", () =>
    new Gauge({ name: "airlock_approval_pending", help: "Approval requests clients are waiting on at this replica", registers }),
  );
  const outcomes = reuse(registry, "airlock_approval_outcomes_total", () =>
    new Counter({
      name: "airlock_approval_outcomes_total",
      help: "Approval checks that needed approval, by outcome and (for approvals) how they passed",
      labelNames: ["outcome", "via"] as const,
      registers,
    }),
  );
  const wait = reuse(registry, "airlock_approval_wait_seconds", () =>
    new Histogram({
      name: "airlock_approval_wait_seconds",
      help: "How long held clients waited for a decision",
      labelNames: ["outcome"] as const,
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1800, 3600],
      registers,
    }),
  );
  const webhooks = reuse(registry, "airlock_approval_webhook_deliveries_total", () =>
    new Counter({
      name: "airlock_approval_webhook_deliveries_total",
      help: "Webhook delivery attempts for pending approvals, by result",
      labelNames: ["result"] as const,
      registers,
    }),
  );
  return {
    held(delta) {
      pending.inc(delta);
    },
    outcome(o, waitedMs) {
      outcomes.inc({ outcome: o.outcome, via: o.outcome === "approved" ? o.via : "" });
      if (waitedMs !== undefined) wait.observe({ outcome: o.outcome }, waitedMs / 1000);
    },
    webhook(result) {
      webhooks.inc({ result });
    },
  };
}

// Prometheus metrics for one gateway instance. Each instance gets its own Registry (not the global
// default) so several gateways can run in one process, as the integration tests do.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from "prom-client";
import type { Recorder } from "../recorder/types";

export interface GatewayMetrics {
  registry: Registry;
  requests: Counter<"connection" | "status">;
  duration: Histogram<"connection">;
  ttft: Histogram<"connection">;
  blocks: Counter<"connection" | "direction">;
  approvals: Counter<"connection" | "outcome">;
  upstreamErrors: Counter<"connection" | "reason">;
}

const LATENCY_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120];

export function createGatewayMetrics(registry = new Registry(), defaults = true): GatewayMetrics {
  if (defaults) collectDefaultMetrics({ register: registry, prefix: "airlock_" });
  return {
    registry,
    requests: new Counter({
      name: "airlock_http_requests_total",
      help: "HTTP requests handled by the gateway, by connection and response status.",
      labelNames: ["connection", "status"],
      registers: [registry],
    }),
    duration: new Histogram({
      name: "airlock_http_request_duration_seconds",
      help: "Time from request arrival to the last response byte.",
      labelNames: ["connection"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    ttft: new Histogram({
      name: "airlock_http_time_to_first_token_seconds",
      help: "Time from request arrival to the first response byte or streamed chunk sent to the client.",
      labelNames: ["connection"],
      buckets: LATENCY_BUCKETS,
      registers: [registry],
    }),
    blocks: new Counter({
      name: "airlock_guardrail_blocks_total",
      help: "Requests and responses blocked by guardrails.",
      labelNames: ["connection", "direction"],
      registers: [registry],
    }),
    approvals: new Counter({
      name: "airlock_approvals_total",
      help: "Approval checks that held a request, by outcome.",
      labelNames: ["connection", "outcome"],
      registers: [registry],
    }),
    upstreamErrors: new Counter({
      name: "airlock_upstream_errors_total",
      help: "Upstream failures: unreachable, timeouts, broken streams.",
      labelNames: ["connection", "reason"],
      registers: [registry],
    }),
  };
}

/** Recorder health as gauges, read at scrape time. */
export function registerRecorderGauges(registry: Registry, recorder: () => Recorder | undefined): void {
  if (!registry.getSingleMetric("airlock_recorder_pending_events")) {
    new Gauge({
      name: "airlock_recorder_pending_events",
      help: "Recorded events queued or spooled but not yet written to PostgreSQL.",
      registers: [registry],
      collect() {
        this.set(recorder()?.pending() ?? 0);
      },
    });
  }
  if (!registry.getSingleMetric("airlock_recorder_accepting")) {
    new Gauge({
      name: "airlock_recorder_accepting",
      help: "1 while the recorder accepts events; 0 when queue and spool are full and traffic is refused.",
      registers: [registry],
      collect() {
        this.set(recorder()?.accepting === false ? 0 : 1);
      },
    });
  }
}

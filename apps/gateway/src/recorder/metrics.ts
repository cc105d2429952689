// Prometheus metrics for the recorder (served on the admin port's /metrics by whoever owns the
// registry). Without a registry every update is a no-op.
import { Counter, Gauge, Histogram, type Registry } from "prom-client";

// Pending records and `accepting` are exported by the gateway's own metrics (metrics/gateway-metrics.ts).
export interface RecorderGauges {
  queueDepth(): number;
  queueBytes(): number;
  spoolBytes(): number;
}

export interface RecorderMetrics {
  eventsWritten(n: number, from: "queue" | "spool"): void;
  eventsSpooled(n: number): void;
  writeError(): void;
  recordsRejected(n: number): void;
  batchSeconds(seconds: number): void;
}

export const noMetrics: RecorderMetrics = {
  eventsWritten: () => undefined,
  eventsSpooled: () => undefined,
  writeError: () => undefined,
  recordsRejected: () => undefined,
  batchSeconds: () => undefined,
};

export function createRecorderMetrics(registry: Registry | undefined, gauges: RecorderGauges): RecorderMetrics {
  if (!registry) return noMetrics;
  const registers = [registry];
  new Gauge({
    name: "airlock_recorder_queue_depth",
    help: "Recording records held in memory, waiting for PostgreSQL or the spool",
    registers,
    collect() {
      this.set(gauges.queueDepth());
    },
  });
  new Gauge({
    name: "airlock_recorder_queue_bytes",
    help: "Estimated bytes of the recording records held in memory (bounded by AIRLOCK_RECORDER_QUEUE_MAX_BYTES)",
    registers,
    collect() {
      this.set(gauges.queueBytes());
    },
  });
  new Gauge({
    name: "airlock_recorder_spool_bytes",
    help: "Bytes in the local spool waiting to be replayed into PostgreSQL",
    registers,
    collect() {
      this.set(gauges.spoolBytes());
    },
  });
  const written = new Counter({
    name: "airlock_recorder_events_written_total",
    help: "Session events written to PostgreSQL, by where they came from",
    labelNames: ["from"] as const,
    registers,
  });
  const spooled = new Counter({ name: "airlock_recorder_events_spooled_total", help: "Session events written to the local spool", registers });
  const errors = new Counter({ name: "airlock_recorder_write_errors_total", help: "Failed or timed-out batch writes to PostgreSQL", registers });
  const rejected = new Counter({
    name: "airlock_recorder_rejected_records_total",
    help: "Records PostgreSQL refused for good, set aside in the spool's rejected.jsonl",
    registers,
  });
  const latency = new Histogram({
    name: "airlock_recorder_batch_duration_seconds",
    help: "Time to write one batch to PostgreSQL (successful batches)",
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers,
  });
  return {
    eventsWritten: (n, from) => written.inc({ from }, n),
    eventsSpooled: (n) => spooled.inc(n),
    writeError: () => errors.inc(),
    recordsRejected: (n) => rejected.inc(n),
    batchSeconds: (s) => latency.observe(s),
  };
}

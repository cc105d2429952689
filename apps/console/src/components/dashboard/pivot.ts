import type { StatsPoint } from "@/hooks/use-stats";

export type Metric = "requests" | "blocks" | "approvals" | "errors" | "avgLatencyMs" | "p95LatencyMs" | "inputTokens" | "outputTokens";
export type ChartRow = { bucket: string } & Record<string, number | string | null>;

/** Rows per time bucket with one column per connection, as the charts want them. */
export function pivot(series: readonly StatsPoint[], metric: Metric | ((p: StatsPoint) => number | null)): { rows: ChartRow[]; connections: string[] } {
  const read = typeof metric === "function" ? metric : (p: StatsPoint) => p[metric];
  const connections = [...new Set(series.map((p) => p.connection))].sort();
  const byBucket = new Map<string, ChartRow>();
  for (const p of series) {
    const row = byBucket.get(p.bucket) ?? { bucket: p.bucket };
    row[p.connection] = read(p);
    byBucket.set(p.bucket, row);
  }
  const rows = [...byBucket.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));
  return { rows, connections };
}

/** Sum of a metric over connections per bucket (for the blocks and approvals chart). */
export function totalsPerBucket(series: readonly StatsPoint[], metrics: readonly Metric[]): ChartRow[] {
  const byBucket = new Map<string, ChartRow>();
  for (const p of series) {
    const row = byBucket.get(p.bucket) ?? Object.fromEntries([["bucket", p.bucket], ...metrics.map((m) => [m, 0])]) as ChartRow;
    for (const m of metrics) row[m] = ((row[m] as number) ?? 0) + (p[m] ?? 0);
    byBucket.set(p.bucket, row);
  }
  return [...byBucket.values()].sort((a, b) => a.bucket.localeCompare(b.bucket));
}

export const PALETTE = ["#6366f1", "#10b981", "#f59e0b", "#ef4444", "#06b6d4", "#a855f7", "#84cc16", "#ec4899"];

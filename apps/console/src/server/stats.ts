// Dashboard figures from recorded session events: requests (LLM/HTTP exchanges and SQL statements),
// guardrail blocks, approvals opened, errors, latency and tokens, per connection and time bucket.
// Sessions are narrowed by their time range first (RecordedSession indexes), then their events
// are read through SessionEvent(sessionId, at).
import { Prisma } from "@airlock/db";
import type { DbClient } from "./api/types";
import { utcTimestampText } from "./sessions/cursor";

export type Bucket = "minute" | "hour" | "day";

interface Row {
  bucket: Date;
  connection: string;
  requests: bigint;
  blocks: bigint;
  approvals: bigint;
  errors: bigint;
  avg_latency: number | null;
  p95_latency: number | null;
  input_tokens: bigint | null;
  output_tokens: bigint | null;
}

const ts = (d: Date) => Prisma.sql`CAST(${utcTimestampText(d)} AS timestamp(3))`;
const num = (path: Prisma.Sql) => Prisma.sql`CASE WHEN jsonb_typeof(${path}) = 'number' THEN (${path})::text::float8 END`;

export async function computeStats(db: DbClient, range: { from: Date; to: Date; bucket: Bucket; connectionId?: string }) {
  const latency = Prisma.sql`COALESCE(${num(Prisma.sql`e."payload"->'latencyMs'`)}, ${num(Prisma.sql`e."payload"->'durationMs'`)})`;
  const rows = await db.$queryRaw<Row[]>`
    SELECT date_trunc(${range.bucket}, e."at") AS "bucket",
           s."connectionName" AS "connection",
           count(*) FILTER (WHERE e."type" IN ('exchange.request', 'sql.statement')) AS "requests",
           count(*) FILTER (WHERE e."type" = 'guardrail.block') AS "blocks",
           count(*) FILTER (WHERE e."type" = 'approval.pending') AS "approvals",
           count(*) FILTER (WHERE e."type" = 'error' OR (e."type" IN ('exchange.end', 'sql.statement') AND e."payload" ? 'error')) AS "errors",
           avg(${latency}) FILTER (WHERE e."type" IN ('exchange.end', 'sql.statement')) AS "avg_latency",
           percentile_cont(0.95) WITHIN GROUP (ORDER BY ${latency}) FILTER (WHERE e."type" IN ('exchange.end', 'sql.statement')) AS "p95_latency",
           (sum(${num(Prisma.sql`e."payload"->'usage'->'inputTokens'`)}) FILTER (WHERE e."type" = 'exchange.end'))::bigint AS "input_tokens",
           (sum(${num(Prisma.sql`e."payload"->'usage'->'outputTokens'`)}) FILTER (WHERE e."type" = 'exchange.end'))::bigint AS "output_tokens"
      FROM "RecordedSession" s
      JOIN "SessionEvent" e ON e."sessionId" = s."id" AND e."at" >= ${ts(range.from)} AND e."at" < ${ts(range.to)}
     WHERE s."startedAt" < ${ts(range.to)} AND s."lastEventAt" >= ${ts(range.from)}
       ${range.connectionId ? Prisma.sql`AND s."connectionId" = ${range.connectionId}` : Prisma.empty}
       AND e."type" IN ('exchange.request', 'exchange.end', 'sql.statement', 'guardrail.block', 'approval.pending', 'error')
     GROUP BY 1, 2
     ORDER BY 1, 2`;
  const series = rows.map((r) => ({
    bucket: r.bucket.toISOString(),
    connection: r.connection,
    requests: Number(r.requests),
    blocks: Number(r.blocks),
    approvals: Number(r.approvals),
    errors: Number(r.errors),
    avgLatencyMs: r.avg_latency === null ? null : Math.round(Number(r.avg_latency)),
    p95LatencyMs: r.p95_latency === null ? null : Math.round(Number(r.p95_latency)),
    inputTokens: Number(r.input_tokens ?? 0),
    outputTokens: Number(r.output_tokens ?? 0),
  }));
  const sum = (k: "requests" | "blocks" | "approvals" | "errors" | "inputTokens" | "outputTokens") => series.reduce((n, p) => n + p[k], 0);
  const weighted = series.filter((p) => p.avgLatencyMs !== null);
  const totals = {
    requests: sum("requests"),
    blocks: sum("blocks"),
    approvals: sum("approvals"),
    errors: sum("errors"),
    avgLatencyMs: weighted.length ? Math.round(weighted.reduce((n, p) => n + (p.avgLatencyMs ?? 0) * Math.max(p.requests, 1), 0) / weighted.reduce((n, p) => n + Math.max(p.requests, 1), 0)) : null,
    p95LatencyMs: weighted.length ? Math.max(...weighted.map((p) => p.p95LatencyMs ?? 0)) : null,
    inputTokens: sum("inputTokens"),
    outputTokens: sum("outputTokens"),
  };
  return { from: range.from.toISOString(), to: range.to.toISOString(), bucket: range.bucket, series, totals };
}

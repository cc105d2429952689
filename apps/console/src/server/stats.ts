// Dashboard figures from recorded session events: requests (LLM/HTTP exchanges and SQL statements),
// guardrail blocks, approvals opened, errors, latency and tokens, per connection and time bucket.
// Sessions are narrowed by their time range first (RecordedSession indexes), then their events
// are read through SessionEvent(sessionId, at).
//
// SQL statements are stored two ways: one `sql.statement` event each (older recordings), or many
// per compact `sql.statements` event (see @airlock/recording's statements.ts). A lateral join turns
// both into the same rows, one per statement, each at the time the statement itself finished, so a
// statement counts in its own bucket even when the event that carries it was written a moment later.
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

/**
 * A compact event is written when its chain flushes (within a fraction of a second of its last
 * statement, or when the connection closes), so its statements finished at most this long before the
 * event's own time. Events up to this long after the range are read for statements inside it.
 */
export const STATEMENT_FLUSH_LOOKAHEAD_MS = 60_000;

const ts = (d: Date) => Prisma.sql`CAST(${utcTimestampText(d)} AS timestamp(3))`;
const num = (path: Prisma.Sql) => Prisma.sql`CASE WHEN jsonb_typeof(${path}) = 'number' THEN (${path})::text::float8 END`;

/**
 * One row per counted fact of event `e`: the event itself, or for a compact `sql.statements` event
 * one `sql.statement` row per statement, with the payload a `sql.statement` event would carry
 * (bar its text) and the time it finished (the event's time less the offsets between them, as in
 * expandStatements). A malformed `statements` value yields no rows instead of failing the query.
 */
const FACTS = Prisma.sql`
  SELECT e."at" AS "at", e."type" AS "type", e."payload" AS "payload"
   WHERE e."type" <> 'sql.statements'
  UNION ALL
  SELECT e."at" - make_interval(secs => (e."offsetMs" - COALESCE(${num(Prisma.sql`st."value"->'offsetMs'`)}, e."offsetMs")) / 1000.0),
         'sql.statement', st."value"
    FROM jsonb_array_elements(CASE WHEN jsonb_typeof(e."payload"->'statements') = 'array' THEN e."payload"->'statements' ELSE '[]'::jsonb END) AS st
   WHERE e."type" = 'sql.statements'`;

export async function computeStats(db: DbClient, range: { from: Date; to: Date; bucket: Bucket; connectionId?: string }) {
  const latency = Prisma.sql`COALESCE(${num(Prisma.sql`f."payload"->'latencyMs'`)}, ${num(Prisma.sql`f."payload"->'durationMs'`)})`;
  const eventsUntil = new Date(range.to.getTime() + STATEMENT_FLUSH_LOOKAHEAD_MS);
  const rows = await db.$queryRaw<Row[]>`
    SELECT date_trunc(${range.bucket}, f."at") AS "bucket",
           s."connectionName" AS "connection",
           count(*) FILTER (WHERE f."type" IN ('exchange.request', 'sql.statement')) AS "requests",
           count(*) FILTER (WHERE f."type" = 'guardrail.block') AS "blocks",
           count(*) FILTER (WHERE f."type" = 'approval.pending') AS "approvals",
           count(*) FILTER (WHERE f."type" = 'error' OR (f."type" IN ('exchange.end', 'sql.statement') AND f."payload" ? 'error')) AS "errors",
           avg(${latency}) FILTER (WHERE f."type" IN ('exchange.end', 'sql.statement')) AS "avg_latency",
           percentile_cont(0.95) WITHIN GROUP (ORDER BY ${latency}) FILTER (WHERE f."type" IN ('exchange.end', 'sql.statement')) AS "p95_latency",
           (sum(${num(Prisma.sql`f."payload"->'usage'->'inputTokens'`)}) FILTER (WHERE f."type" = 'exchange.end'))::bigint AS "input_tokens",
           (sum(${num(Prisma.sql`f."payload"->'usage'->'outputTokens'`)}) FILTER (WHERE f."type" = 'exchange.end'))::bigint AS "output_tokens"
      FROM "RecordedSession" s
      JOIN "SessionEvent" e ON e."sessionId" = s."id" AND e."at" >= ${ts(range.from)} AND e."at" < ${ts(eventsUntil)}
     CROSS JOIN LATERAL (${FACTS}) AS f
     WHERE s."startedAt" < ${ts(range.to)} AND s."lastEventAt" >= ${ts(range.from)}
       ${range.connectionId ? Prisma.sql`AND s."connectionId" = ${range.connectionId}` : Prisma.empty}
       AND e."type" IN ('exchange.request', 'exchange.end', 'sql.statement', 'sql.statements', 'guardrail.block', 'approval.pending', 'error')
       AND f."at" >= ${ts(range.from)} AND f."at" < ${ts(range.to)}
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

// Writes one batch of records in one transaction. Every statement is idempotent, because a batch
// whose commit acknowledgement was lost is spooled and written again:
// - session rows and checkpoints: ON CONFLICT DO NOTHING;
// - events: ON CONFLICT (chainId, seq) DO NOTHING, and the session counters grow only by the rows
//   that INSERT ... RETURNING reports as actually inserted;
// - flags are ORed in, and a piece of searchText is appended only if the column does not already
//   contain it.
// Rows travel as one array parameter per column (unnest), so a statement has a fixed, small number
// of parameters whatever the batch size (multi-row VALUES would hit PostgreSQL's 65,535-parameter
// limit, and Prisma's createMany cannot report which rows were duplicates).
import type { PoolClient, QueryResultRow } from "pg";
import { intArrayParam, prepareBatch, textArrayParam } from "./batch-params";
import type { FullSearchTexts } from "./full-search-texts";
import type { RecorderRecord } from "./records";

export interface BatchSqlOptions {
  /** Cap on RecordedSession.searchText, in characters. */
  searchTextMax: number;
  /** Sessions known to have a full searchText; the batch adds the ones it fills. */
  fullSearchTexts?: FullSearchTexts;
  /**
   * Send the statements as named prepared statements: PostgreSQL then parses and plans each once per
   * connection instead of once per batch (a quarter of its CPU per recorded exchange, measured in
   * docs/performance.md). Connections that cannot keep them are handled in prepared-statements.ts.
   */
  prepared?: boolean;
}

// Timestamps are sent as ISO strings and converted in SQL: the columns are TIMESTAMP(3) holding
// UTC, and letting node-postgres serialise a Date would use the process's local time zone.
const UTC = (expr: string) => `((${expr})::timestamptz AT TIME ZONE 'UTC')`;

const INSERT_SESSIONS = `
INSERT INTO "RecordedSession" ("id", "connectionId", "connectionName", "protocol", "identityKind",
  "identityId", "identityLabel", "clientKey", "startedAt", "lastEventAt")
SELECT v.id, c."id", v.connection_name, v.protocol, v.identity_kind::"IdentityKind",
  v.identity_id, v.identity_label, v.client_key, ${UTC("v.started_at")}, ${UTC("v.started_at")}
FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[])
  AS v(id, connection_id, connection_name, protocol, identity_kind, identity_id, identity_label, client_key, started_at)
-- A connection deleted meanwhile leaves the session without one (as ON DELETE SET NULL would).
LEFT JOIN "Connection" c ON c."id" = v.connection_id
ON CONFLICT ("id") DO NOTHING`;

// Row locks in id order, so two replicas writing batches for the same sessions cannot deadlock.
const LOCK_SESSIONS = `
SELECT "id" FROM "RecordedSession" WHERE "id" = ANY($1::text[]) ORDER BY "id" FOR NO KEY UPDATE`;

// Payloads travel as one JSON array (they already are JSON text), so neither side escapes them
// as array elements; they are matched to the other columns by position.
const INSERT_EVENTS = `
WITH inserted AS (
  INSERT INTO "SessionEvent" ("sessionId", "chainId", "seq", "at", "offsetMs", "type", "payload", "prevHash", "hash")
  SELECT v.session_id, v.chain_id, v.seq, ${UTC("v.at")}, v.offset_ms, v.type, p.payload, v.prev_hash, v.hash
  FROM unnest($1::text[], $2::text[], $3::int[], $4::text[], $5::int[], $6::text[], $8::text[], $9::text[]) WITH ORDINALITY
    AS v(session_id, chain_id, seq, at, offset_ms, type, prev_hash, hash, n)
  JOIN jsonb_array_elements($7::jsonb) WITH ORDINALITY AS p(payload, n) ON p.n = v.n
  ON CONFLICT ("chainId", "seq") DO NOTHING
  RETURNING "sessionId", "seq", "at", "type"
), totals AS (
  SELECT "sessionId" AS id,
    count(*)::int AS events,
    max("at") AS last_at,
    -- a chain is one exchange (HTTP) or one client connection (Postgres); its first event counts it
    -- (an HTTP session's seal streams, session-seal.ts, are not exchanges)
    count(*) FILTER (WHERE "seq" = $10 AND "type" <> 'session.seal')::int AS chains,
    max("at") FILTER (WHERE "type" = 'session.end') AS ended_at,
    max("at") FILTER (WHERE "type" NOT IN ('session.seal', 'session.end')) AS active_at
  FROM inserted GROUP BY "sessionId"
)
-- A session.end closes the session unless something later was recorded (another replica still
-- serving the same X-Airlock-Session ends it when it is done); activity after a recorded end
-- reopens it (session-directory.ts).
UPDATE "RecordedSession" s SET
  "eventCount" = s."eventCount" + t.events,
  "exchangeCount" = s."exchangeCount" + t.chains,
  "lastEventAt" = GREATEST(s."lastEventAt", t.last_at),
  "endedAt" = CASE
    WHEN t.ended_at >= GREATEST(s."lastEventAt", t.active_at) THEN GREATEST(t.ended_at, s."endedAt")
    WHEN t.active_at > s."endedAt" THEN NULL
    ELSE s."endedAt" END,
  "status" = CASE
    WHEN t.ended_at >= GREATEST(s."lastEventAt", t.active_at) THEN 'closed'
    WHEN t.active_at > s."endedAt" THEN 'active'
    ELSE s."status" END
FROM totals t WHERE s."id" = t.id`;

// Each piece of text is appended only if searchText does not contain it yet, which keeps a
// replayed batch from adding its text twice.
const UPDATE_FACTS = `
WITH flags AS (
  SELECT * FROM unnest($1::text[], $2::bool[], $3::bool[], $4::bool[]) AS f(id, has_block, has_approval, has_error)
), pieces AS (
  SELECT p.id, string_agg(p.text, E'\\n' ORDER BY p.n) AS text
  FROM unnest($5::text[], $6::text[]) WITH ORDINALITY AS p(id, text, n)
  JOIN "RecordedSession" s ON s."id" = p.id
  WHERE strpos(s."searchText", p.text) = 0
  GROUP BY p.id
)
UPDATE "RecordedSession" s SET
  "hasBlock" = s."hasBlock" OR f.has_block,
  "hasApproval" = s."hasApproval" OR f.has_approval,
  "hasError" = s."hasError" OR f.has_error,
  "searchText" = CASE
    WHEN t.text IS NULL THEN s."searchText"
    WHEN s."searchText" = '' THEN left(t.text, $7)
    ELSE left(s."searchText" || E'\\n' || t.text, $7)
  END
FROM flags f LEFT JOIN pieces t ON t.id = f.id
WHERE s."id" = f.id
RETURNING s."id", length(s."searchText") >= $7 AS "searchTextFull"`;

const INSERT_CHECKPOINTS = `
INSERT INTO "SessionCheckpoint" ("id", "sessionId", "chainId", "lastSeq", "lastHash", "mac")
SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::int[], $5::text[], $6::text[])
ON CONFLICT ("chainId", "lastSeq") DO NOTHING`;

function column<T, V>(rows: readonly T[], pick: (row: T) => V): V[] {
  return rows.map(pick);
}

/** Runs the batch's statements on `client`, inside BEGIN/COMMIT. The caller owns the client. */
export async function writeBatchSql(
  client: PoolClient,
  records: readonly RecorderRecord[],
  firstSeq: number,
  options: BatchSqlOptions,
): Promise<void> {
  const full = options.fullSearchTexts;
  const run = <R extends QueryResultRow = QueryResultRow>(name: string, text: string, values: unknown[]) =>
    client.query<R>(options.prepared ? { name: `airlock_recorder_${name}`, text, values } : { text, values });
  const { sessions, events, checkpoints, touched, eventColumns, factColumns } = prepareBatch(records, options.searchTextMax, full && ((id) => full.has(id)));
  let filled: string[] = [];

  await client.query("BEGIN");
  try {
    if (sessions.length > 0) {
      await run("insert_sessions", INSERT_SESSIONS, [
        column(sessions, (s) => s.id),
        column(sessions, (s) => s.connectionId),
        column(sessions, (s) => s.connectionName),
        column(sessions, (s) => s.protocol),
        column(sessions, (s) => s.identityKind),
        column(sessions, (s) => s.identityId),
        column(sessions, (s) => s.identityLabel),
        column(sessions, (s) => s.clientKey),
        column(sessions, (s) => s.startedAt),
      ]);
    }
    if (touched.length > 0) await run("lock_sessions", LOCK_SESSIONS, [touched]);
    if (events.length > 0) await run("insert_events", INSERT_EVENTS, [...eventColumns, firstSeq]);
    if (factColumns) {
      const updated = await run<{ id: string; searchTextFull: boolean }>("update_facts", UPDATE_FACTS, [...factColumns, options.searchTextMax]);
      filled = updated.rows.filter((row) => row.searchTextFull).map((row) => row.id);
    }
    if (checkpoints.length > 0) {
      await run("insert_checkpoints", INSERT_CHECKPOINTS, [
        textArrayParam(column(checkpoints, (c) => c.id)),
        textArrayParam(column(checkpoints, (c) => c.sessionId)),
        textArrayParam(column(checkpoints, (c) => c.chainId)),
        intArrayParam(column(checkpoints, (c) => c.lastSeq)),
        textArrayParam(column(checkpoints, (c) => c.lastHash)),
        textArrayParam(column(checkpoints, (c) => c.mac)),
      ]);
    }
    await client.query("COMMIT");
  } catch (error) {
    // A failed ROLLBACK means the connection is gone; the caller discards the client either way.
    await client.query("ROLLBACK").catch(() => undefined);
    throw error;
  }
  // Only once committed: a rolled-back batch may be what filled it.
  for (const id of filled) full?.add(id);
}

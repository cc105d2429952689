// The session list: keyset pagination on (startedAt desc, id desc), which the index
// RecordedSession(startedAt desc, id desc) serves directly, so page N costs what page 1 costs even
// with millions of sessions. `q` uses the GIN full-text index on the masked text (the expression
// must match the migration's index exactly).
import { Prisma } from "@airlock/db";
import type { z } from "zod";
import type { sessionsQuery } from "@/lib/api/schemas/sessions";
import { badRequest } from "../errors";
import type { DbClient } from "../api/types";
import { decodeCursor, encodeCursor, utcTimestampText } from "./cursor";

type Query = z.output<typeof sessionsQuery>;

export interface SessionRow {
  id: string;
  connectionId: string | null;
  connectionName: string;
  protocol: string;
  identityKind: "user" | "service_account";
  identityId: string;
  identityLabel: string;
  clientKey: string | null;
  status: string;
  startedAt: Date;
  lastEventAt: Date;
  endedAt: Date | null;
  eventCount: number;
  exchangeCount: number;
  hasBlock: boolean;
  hasApproval: boolean;
  hasError: boolean;
}

/** The indexed document; must match the expression of the GIN index in the migration exactly. */
export const SEARCH_DOCUMENT_SQL = `to_tsvector('simple', "searchText")`;

const ts = (d: Date) => Prisma.sql`CAST(${utcTimestampText(d)} AS timestamp(3))`;

function conditions(q: Query, ownerUserId: string | null): Prisma.Sql[] {
  const where: Prisma.Sql[] = [];
  if (ownerUserId !== null) where.push(Prisma.sql`"identityKind" = 'user' AND "identityId" = ${ownerUserId}`);
  if (q.connectionId) where.push(Prisma.sql`"connectionId" = ${q.connectionId}`);
  if (q.identityId) where.push(Prisma.sql`"identityId" = ${q.identityId}`);
  if (q.from) where.push(Prisma.sql`"startedAt" >= ${ts(new Date(q.from))}`);
  if (q.to) where.push(Prisma.sql`"startedAt" < ${ts(new Date(q.to))}`);
  if (q.status) where.push(Prisma.sql`"status" = ${q.status}`);
  if (q.protocol) where.push(Prisma.sql`"protocol" = ${q.protocol}`);
  if (q.hasBlock !== undefined) where.push(Prisma.sql`"hasBlock" = ${q.hasBlock}`);
  if (q.hasApproval !== undefined) where.push(Prisma.sql`"hasApproval" = ${q.hasApproval}`);
  if (q.hasError !== undefined) where.push(Prisma.sql`"hasError" = ${q.hasError}`);
  if (q.q) where.push(Prisma.sql`${Prisma.raw(SEARCH_DOCUMENT_SQL)} @@ websearch_to_tsquery('simple', ${q.q})`);
  if (q.cursor) {
    const [at, id] = decodeCursor(q.cursor);
    const date = typeof at === "string" ? new Date(at) : null;
    if (!date || Number.isNaN(date.getTime()) || typeof id !== "string") throw badRequest("cursor: not a cursor this API returned");
    where.push(Prisma.sql`("startedAt", "id") < (${ts(date)}, ${id})`);
  }
  return where;
}

/**
 * Above this many matches a search term is common enough that walking the (startedAt, id) index
 * and filtering finds a page quickly; below it, the matches are fetched through the GIN index and
 * sorted. PostgreSQL cannot make this choice itself: websearch_to_tsquery() is not folded to a
 * constant at planning time, so it always assumes 0.5% of rows match, and walks the whole index for
 * a word that matches nothing (seconds at a million sessions instead of milliseconds).
 */
const DENSE_MATCHES = 5_000;

const COLUMNS = Prisma.sql`"id", "connectionId", "connectionName", "protocol", "identityKind"::text AS "identityKind", "identityId",
  "identityLabel", "clientKey", "status", "startedAt", "lastEventAt", "endedAt", "eventCount",
  "exchangeCount", "hasBlock", "hasApproval", "hasError"`;

async function isRareSearch(db: DbClient, where: Prisma.Sql): Promise<boolean> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS "n" FROM (SELECT 1 FROM "RecordedSession" WHERE ${where} LIMIT ${DENSE_MATCHES}) AS probe`;
  return (rows[0]?.n ?? 0) < DENSE_MATCHES;
}

export async function listSessions(db: DbClient, q: Query, ownerUserId: string | null) {
  const conds = conditions(q, ownerUserId);
  const where = conds.length ? Prisma.join(conds, " AND ") : Prisma.sql`TRUE`;
  const rows =
    q.q && (await isRareSearch(db, where))
      ? await db.$queryRaw<SessionRow[]>`
          WITH "matches" AS MATERIALIZED (SELECT ${COLUMNS} FROM "RecordedSession" WHERE ${where})
          SELECT * FROM "matches" ORDER BY "startedAt" DESC, "id" DESC LIMIT ${q.limit + 1}`
      : await db.$queryRaw<SessionRow[]>`
          SELECT ${COLUMNS} FROM "RecordedSession" WHERE ${where}
          ORDER BY "startedAt" DESC, "id" DESC LIMIT ${q.limit + 1}`;
  const more = rows.length > q.limit;
  const data = more ? rows.slice(0, q.limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: more && last ? encodeCursor([last.startedAt.toISOString(), last.id]) : null };
}

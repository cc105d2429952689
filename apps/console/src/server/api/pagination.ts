// Cursor pagination for the console's lists. Lists are ordered newest first by (createdAt, id);
// the cursor is the id of the last item of the previous page (Prisma's cursor pagination seeks to
// it through the primary key, so a page costs the same wherever it is). Sessions and audit events,
// the large tables, use their own keyset queries.
export interface PageQuery {
  cursor?: string;
  limit: number;
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export async function pageById<T extends { id: string }>(
  q: PageQuery,
  find: (args: { take: number; skip?: number; cursor?: { id: string } }) => Promise<T[]>,
): Promise<Page<T>> {
  const rows = await find({ take: q.limit + 1, ...(q.cursor ? { cursor: { id: q.cursor }, skip: 1 } : {}) });
  return toPage(rows, q.limit, (last) => last.id);
}

export function toPage<T>(rows: T[], limit: number, cursorOf: (last: T) => string): Page<T> {
  const more = rows.length > limit;
  const data = more ? rows.slice(0, limit) : rows;
  const last = data[data.length - 1];
  return { data, nextCursor: more && last !== undefined ? cursorOf(last) : null };
}

export const NEWEST_FIRST = [{ createdAt: "desc" as const }, { id: "desc" as const }];

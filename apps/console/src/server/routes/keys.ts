import { apiKeyColumns, generateApiKey } from "@airlock/db";
import { pageQuery } from "@/lib/api/schemas/common";
import { apiKey, apiKeyCreate, apiKeyCreated, apiKeyPage, keysQuery } from "@/lib/api/schemas/identities";
import { route } from "../api/route";
import { NEWEST_FIRST, pageById } from "../api/pagination";
import { badRequest, forbidden, notFound } from "../errors";
import { postgresUrl } from "../keys/postgres-url";

const TAG = "keys";
const withConnections = { connections: { select: { id: true } } } as const;

interface KeyRow {
  id: string;
  name: string;
  prefix: string;
  pgUser: string | null;
  ownerUserId: string | null;
  serviceAccountId: string | null;
  connections: { id: string }[];
  expiresAt: Date | null;
  revokedAt: Date | null;
  lastUsedAt: Date | null;
  createdById: string | null;
  createdAt: Date;
}

function serializeKey({ connections, ...row }: KeyRow) {
  return { ...row, connectionIds: connections.map((c) => c.id) };
}

export const listKeys = route({
  method: "GET",
  path: "/keys",
  summary: "List Airlock keys (members: their own)",
  tag: TAG,
  permission: { resource: "keys", action: "read" },
  query: pageQuery.extend(keysQuery.shape),
  response: apiKeyPage,
  async handler({ db, query, scope, actor }) {
    const where = {
      ...(scope === "own" ? { ownerUserId: actor.userId ?? "" } : query.ownerUserId ? { ownerUserId: query.ownerUserId } : {}),
      ...(query.serviceAccountId ? { serviceAccountId: query.serviceAccountId } : {}),
      ...(query.includeRevoked === "true" ? {} : { revokedAt: null }),
    };
    const page = await pageById(query, (p) => db.apiKey.findMany({ where, include: withConnections, orderBy: NEWEST_FIRST, ...p }));
    return { data: page.data.map(serializeKey), nextCursor: page.nextCursor };
  },
});

export const createKey = route({
  method: "POST",
  path: "/keys",
  summary: "Issue an Airlock key (returned once, in `key`)",
  tag: TAG,
  permission: { resource: "keys", action: "write" },
  body: apiKeyCreate,
  response: apiKeyCreated,
  status: 201,
  audit: "key.create",
  async handler({ db, env, body, scope, actor, audit, configChanged }) {
    if (scope === "own" && ((body.ownerUserId && body.ownerUserId !== actor.userId) || body.serviceAccountId)) {
      throw forbidden("you can only issue keys to yourself");
    }
    const ownerUserId = body.serviceAccountId ? null : (body.ownerUserId ?? actor.userId);
    if (!ownerUserId && !body.serviceAccountId) throw badRequest("give ownerUserId or serviceAccountId (the bootstrap token is no user)");
    if (ownerUserId && !(await db.user.findUnique({ where: { id: ownerUserId } }))) throw badRequest("ownerUserId: no such user");
    if (body.serviceAccountId && !(await db.serviceAccount.findUnique({ where: { id: body.serviceAccountId } }))) {
      throw badRequest("serviceAccountId: no such service account");
    }
    const connectionIds = [...new Set(body.connectionIds)];
    const scoped = await db.connection.findMany({ where: { id: { in: connectionIds } }, select: { name: true, kind: true } });
    if (scoped.length !== connectionIds.length) throw badRequest("connectionIds: one or more connections do not exist");
    const expiresAt = body.expiresAt ? new Date(body.expiresAt) : null;
    if (expiresAt && expiresAt.getTime() <= Date.now()) throw badRequest("expiresAt must be in the future");

    const key = generateApiKey();
    const row = await db.apiKey.create({
      data: {
        name: body.name,
        ...apiKeyColumns(key),
        ownerUserId,
        serviceAccountId: body.serviceAccountId ?? null,
        createdById: actor.userId,
        expiresAt,
        connections: { connect: connectionIds.map((id) => ({ id })) },
      },
      include: withConnections,
    });
    const out = serializeKey(row);
    audit({ targetType: "key", targetId: row.id, after: out });
    configChanged("key", row.id);
    const onlyPostgres = scoped.length === 1 && scoped[0]!.kind === "postgres" ? scoped[0]!.name : null;
    return { ...out, key, postgresUrl: postgresUrl(env, { user: row.pgUser ?? "", key, connection: onlyPostgres }) };
  },
});

export const getKey = route({
  method: "GET",
  path: "/keys/{id}",
  summary: "Get an Airlock key (never the key itself)",
  tag: TAG,
  permission: { resource: "keys", action: "read" },
  response: apiKey,
  async handler({ db, params, scope, actor }) {
    const row = await db.apiKey.findFirst({
      where: { id: params.id, ...(scope === "own" ? { ownerUserId: actor.userId ?? "" } : {}) },
      include: withConnections,
    });
    if (!row) throw notFound("key");
    return serializeKey(row);
  },
});

export const revokeKey = route({
  method: "POST",
  path: "/keys/{id}/revoke",
  summary: "Revoke an Airlock key (every gateway stops accepting it at once)",
  tag: TAG,
  permission: { resource: "keys", action: "write" },
  response: apiKey,
  audit: "key.revoke",
  async handler({ db, params, scope, actor, audit, configChanged }) {
    const before = await db.apiKey.findFirst({
      where: { id: params.id, ...(scope === "own" ? { ownerUserId: actor.userId ?? "" } : {}) },
      include: withConnections,
    });
    if (!before) throw notFound("key");
    const row = before.revokedAt
      ? before
      : await db.apiKey.update({ where: { id: before.id }, data: { revokedAt: new Date() }, include: withConnections });
    const out = serializeKey(row);
    audit({ targetType: "key", targetId: row.id, before: serializeKey(before), after: out });
    configChanged("key", row.id);
    return out;
  },
});

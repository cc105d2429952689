import { credentialHint, encryptSecret } from "@airlock/db";
import { ok, pageQuery } from "@/lib/api/schemas/common";
import {
  connection,
  connectionCreate,
  connectionGrant,
  connectionGrantCreate,
  connectionGrantPage,
  connectionPage,
  connectionTestResult,
  connectionKind,
} from "@/lib/api/schemas/connections";
import { route } from "../api/route";
import { NEWEST_FIRST, pageById } from "../api/pagination";
import { connectionUpdate } from "@/lib/api/schemas/connections";
import { badRequest, forbidden, notFound } from "../errors";
import { serializeConnection } from "../connections/serialize";
import { checkUpstreamUrl } from "../connections/upstream-url";
import { testThroughGateway } from "../connections/test-through-gateway";
import { getDb } from "../db";
import type { DbClient } from "../api/types";

const TAG = "connections";

async function findConnection(db: DbClient, connectionId: string) {
  const row = await db.connection.findUnique({ where: { id: connectionId } });
  if (!row) throw notFound("connection");
  return row;
}

export const listConnections = route({
  method: "GET",
  path: "/connections",
  summary: "List connections (members: those granted to them)",
  tag: TAG,
  permission: { resource: "connections", action: "read" },
  query: pageQuery.extend({ kind: connectionKind.optional() }),
  response: connectionPage,
  async handler({ db, query, scope, actor }) {
    const where = {
      ...(query.kind ? { kind: query.kind } : {}),
      ...(scope === "own" ? { grants: { some: { userId: actor.userId ?? "" } } } : {}),
    };
    const page = await pageById(query, (p) => db.connection.findMany({ where, orderBy: NEWEST_FIRST, ...p }));
    return { data: page.data.map(serializeConnection), nextCursor: page.nextCursor };
  },
});

export const createConnection = route({
  method: "POST",
  path: "/connections",
  summary: "Register a connection (the credential is write-only)",
  tag: TAG,
  permission: { resource: "connections", action: "write" },
  body: connectionCreate,
  response: connection,
  status: 201,
  audit: "connection.create",
  async handler({ db, body, env, audit, configChanged }) {
    const allowPrivate = body.allowPrivateNetwork === true || env.AIRLOCK_ALLOW_PRIVATE_UPSTREAMS;
    const upstreamUrl = await checkUpstreamUrl(body.upstreamUrl, body.kind, allowPrivate);
    const row = await db.connection.create({
      data: {
        name: body.name,
        kind: body.kind,
        upstreamUrl,
        authHeader: body.authHeader ?? null,
        options: (body.options ?? {}) as object,
        enabled: body.enabled ?? true,
        allowPrivateNetwork: body.allowPrivateNetwork ?? false,
        retentionDays: body.retentionDays ?? null,
        ...(body.credential
          ? { credentialCiphertext: encryptSecret(env.masterKey, body.credential), credentialHint: credentialHint(body.credential) }
          : {}),
      },
    });
    const out = serializeConnection(row);
    audit({ targetType: "connection", targetId: row.id, after: out });
    configChanged("connection", row.id);
    return out;
  },
});

export const getConnection = route({
  method: "GET",
  path: "/connections/{id}",
  summary: "Get a connection",
  tag: TAG,
  permission: { resource: "connections", action: "read" },
  response: connection,
  async handler({ db, params, scope, actor }) {
    const row = await db.connection.findFirst({
      where: { id: params.id, ...(scope === "own" ? { grants: { some: { userId: actor.userId ?? "" } } } : {}) },
    });
    if (!row) throw notFound("connection");
    return serializeConnection(row);
  },
});

export const updateConnection = route({
  method: "PATCH",
  path: "/connections/{id}",
  summary: "Change a connection; `credential` replaces (or with null removes) the stored secret",
  tag: TAG,
  permission: { resource: "connections", action: "write" },
  body: connectionUpdate,
  response: connection,
  audit: "connection.update",
  async handler({ db, params, body, env, audit, configChanged }) {
    const before = await findConnection(db, params.id as string);
    const allowPrivate = (body.allowPrivateNetwork ?? before.allowPrivateNetwork) || env.AIRLOCK_ALLOW_PRIVATE_UPSTREAMS;
    const upstreamChanged = body.upstreamUrl !== undefined || body.allowPrivateNetwork === false;
    const upstreamUrl = upstreamChanged
      ? await checkUpstreamUrl(body.upstreamUrl ?? before.upstreamUrl, before.kind, allowPrivate)
      : undefined;
    const credential =
      body.credential === undefined
        ? {}
        : body.credential === null
          ? { credentialCiphertext: null, credentialHint: null }
          : { credentialCiphertext: encryptSecret(env.masterKey, body.credential), credentialHint: credentialHint(body.credential) };
    const row = await db.connection.update({
      where: { id: before.id },
      data: {
        name: body.name,
        upstreamUrl,
        authHeader: body.authHeader,
        options: body.options as object | undefined,
        enabled: body.enabled,
        allowPrivateNetwork: body.allowPrivateNetwork,
        retentionDays: body.retentionDays,
        ...credential,
      },
    });
    const out = serializeConnection(row);
    audit({
      targetType: "connection",
      targetId: row.id,
      before: serializeConnection(before),
      after: { ...out, ...(body.credential !== undefined ? { credentialChanged: true } : {}) },
    });
    configChanged("connection", row.id);
    return out;
  },
});

export const deleteConnection = route({
  method: "DELETE",
  path: "/connections/{id}",
  summary: "Delete a connection (its recorded sessions are kept)",
  tag: TAG,
  permission: { resource: "connections", action: "write" },
  response: ok,
  audit: "connection.delete",
  async handler({ db, params, audit, configChanged }) {
    const before = await findConnection(db, params.id as string);
    await db.connection.delete({ where: { id: before.id } });
    audit({ targetType: "connection", targetId: before.id, before: serializeConnection(before) });
    configChanged("connection", before.id);
    return { ok: true as const };
  },
});

export const testConnection = route({
  method: "POST",
  path: "/connections/{id}/test",
  summary: "Send one request through the gateway with a short-lived key scoped to this connection",
  tag: TAG,
  permission: { resource: "connections", action: "test" },
  response: connectionTestResult,
  audit: "connection.test",
  // The gateway must see the short-lived key, so it cannot sit in an uncommitted transaction.
  transactional: false,
  async handler({ params, env, actor, audit }) {
    if (!actor.userId) throw forbidden("a connection test issues a key to a person: use a personal access token, not the bootstrap token");
    const db = getDb();
    const target = await findConnection(db, params.id as string);
    const result = await testThroughGateway(db, env, target, actor.userId);
    audit({ targetType: "connection", targetId: target.id, after: result });
    return result;
  },
});

const grantParams = { path: "/connections/{id}/grants", tag: TAG };

export const listConnectionGrants = route({
  method: "GET",
  ...grantParams,
  summary: "Who may use this connection",
  permission: { resource: "connectionGrants", action: "read" },
  query: pageQuery,
  response: connectionGrantPage,
  async handler({ db, params, query }) {
    await findConnection(db, params.id as string);
    return pageById(query, (p) => db.connectionGrant.findMany({ where: { connectionId: params.id }, orderBy: NEWEST_FIRST, ...p }));
  },
});

export const createConnectionGrant = route({
  method: "POST",
  ...grantParams,
  summary: "Allow a user or service account to use this connection",
  permission: { resource: "connectionGrants", action: "write" },
  body: connectionGrantCreate,
  response: connectionGrant,
  status: 201,
  audit: "connection_grant.create",
  async handler({ db, params, body, audit, configChanged }) {
    const target = await findConnection(db, params.id as string);
    if (body.userId && !(await db.user.findUnique({ where: { id: body.userId } }))) throw badRequest("userId: no such user");
    if (body.serviceAccountId && !(await db.serviceAccount.findUnique({ where: { id: body.serviceAccountId } }))) {
      throw badRequest("serviceAccountId: no such service account");
    }
    const row = await db.connectionGrant.create({
      data: { connectionId: target.id, userId: body.userId ?? null, serviceAccountId: body.serviceAccountId ?? null },
    });
    audit({ targetType: "connection_grant", targetId: row.id, after: row });
    configChanged("grant", row.id);
    return row;
  },
});

export const deleteConnectionGrant = route({
  method: "DELETE",
  path: "/connections/{id}/grants/{grantId}",
  tag: TAG,
  summary: "Withdraw a connection grant",
  permission: { resource: "connectionGrants", action: "write" },
  response: ok,
  audit: "connection_grant.delete",
  async handler({ db, params, audit, configChanged }) {
    const row = await db.connectionGrant.findFirst({ where: { id: params.grantId, connectionId: params.id } });
    if (!row) throw notFound("grant");
    await db.connectionGrant.delete({ where: { id: row.id } });
    audit({ targetType: "connection_grant", targetId: row.id, before: row });
    configChanged("grant", row.id);
    return { ok: true as const };
  },
});


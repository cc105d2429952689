import { ok, pageQuery } from "@/lib/api/schemas/common";
import {
  auditEventPage,
  auditQuery,
  purgeResult,
  settings,
  settingsUpdate,
  webhook,
  webhookCreate,
  webhookDeliveryPage,
  webhookPage,
  webhookUpdate,
} from "@/lib/api/schemas/admin";
import { route } from "../api/route";
import { NEWEST_FIRST, pageById } from "../api/pagination";
import { badRequest, notFound } from "../errors";
import { getDb } from "../db";
import { runRetention } from "../retention";
import { readSettings, writeSettings } from "../settings-store";
import { assertPublicUpstream, UnsafeUpstreamError } from "../connections/ssrf";
import type { DbClient } from "../api/types";

export const listAuditEvents = route({
  method: "GET",
  path: "/audit-events",
  summary: "The audit log: every change made through the console or the API, newest first",
  tag: "audit-events",
  permission: { resource: "auditEvents", action: "read" },
  query: auditQuery,
  response: auditEventPage,
  async handler({ db, query }) {
    const action = query.action?.endsWith(".") ? { startsWith: query.action } : query.action;
    const rows = await db.auditEvent.findMany({
      where: {
        ...(action ? { action } : {}),
        ...(query.actorId ? { actorId: query.actorId } : {}),
        ...(query.targetType ? { targetType: query.targetType } : {}),
        ...(query.targetId ? { targetId: query.targetId } : {}),
        ...(query.from || query.to
          ? { at: { ...(query.from ? { gte: new Date(query.from) } : {}), ...(query.to ? { lt: new Date(query.to) } : {}) } }
          : {}),
        ...(query.cursor ? { id: { lt: BigInt(query.cursor) } } : {}),
      },
      orderBy: { id: "desc" },
      take: query.limit + 1,
    });
    const more = rows.length > query.limit;
    const data = more ? rows.slice(0, query.limit) : rows;
    return { data, nextCursor: more ? String(data[data.length - 1]?.id) : null };
  },
});

export const getSettings = route({
  method: "GET",
  path: "/settings",
  summary: "Global settings",
  tag: "settings",
  permission: { resource: "settings", action: "read" },
  response: settings,
  handler: ({ db }) => readSettings(db),
});

export const updateSettings = route({
  method: "PATCH",
  path: "/settings",
  summary: "Change global settings",
  tag: "settings",
  permission: { resource: "settings", action: "write" },
  body: settingsUpdate,
  response: settings,
  audit: "settings.update",
  async handler({ db, body, actor, audit }) {
    const before = await readSettings(db);
    await writeSettings(db, body, actor.userId);
    const after = await readSettings(db);
    audit({ targetType: "settings", before, after });
    return after;
  },
});

export const purgeNow = route({
  method: "POST",
  path: "/settings/retention/purge",
  summary: "Apply the retention settings now (purges sessions past retention; audited)",
  tag: "settings",
  permission: { resource: "settings", action: "purge" },
  response: purgeResult,
  audit: "retention.purge",
  // The purge runs its own short transactions through the database function.
  transactional: false,
  async handler({ actor, audit }) {
    const result = await runRetention(getDb(), actor, { audit: false });
    audit({ targetType: "sessions", after: result });
    return result;
  },
});

// Webhooks ------------------------------------------------------------------------------------
function urlHint(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}/…${url.slice(-4)}`;
  } catch {
    return "…";
  }
}

function serializeWebhook(row: { id: string; name: string; url: string; format: string; enabled: boolean; createdAt: Date; updatedAt: Date }) {
  const { url, ...rest } = row;
  return { ...rest, format: row.format as "json" | "slack", urlHint: urlHint(url) };
}

async function checkWebhookUrl(url: string, allowPrivate: boolean) {
  if (allowPrivate) return;
  try {
    await assertPublicUpstream(new URL(url));
  } catch (err) {
    if (err instanceof UnsafeUpstreamError) throw badRequest(`url refused: ${err.message} (set AIRLOCK_ALLOW_PRIVATE_UPSTREAMS to allow)`);
    throw err;
  }
}

async function findWebhook(db: DbClient, id: string) {
  const row = await db.webhookEndpoint.findUnique({ where: { id } });
  if (!row) throw notFound("webhook");
  return row;
}

export const listWebhooks = route({
  method: "GET",
  path: "/webhooks",
  summary: "Where new pending approvals are announced",
  tag: "webhooks",
  permission: { resource: "webhooks", action: "read" },
  query: pageQuery,
  response: webhookPage,
  async handler({ db, query }) {
    const page = await pageById(query, (p) => db.webhookEndpoint.findMany({ orderBy: NEWEST_FIRST, ...p }));
    return { data: page.data.map(serializeWebhook), nextCursor: page.nextCursor };
  },
});

export const getWebhook = route({
  method: "GET",
  path: "/webhooks/{id}",
  summary: "Get a webhook endpoint (the URL is shown only as a hint)",
  tag: "webhooks",
  permission: { resource: "webhooks", action: "read" },
  response: webhook,
  handler: async ({ db, params }) => serializeWebhook(await findWebhook(db, params.id as string)),
});

export const createWebhook = route({
  method: "POST",
  path: "/webhooks",
  summary: "Add a webhook endpoint (generic JSON or Slack incoming-webhook format)",
  tag: "webhooks",
  permission: { resource: "webhooks", action: "write" },
  body: webhookCreate,
  response: webhook,
  status: 201,
  audit: "webhook.create",
  async handler({ db, body, env, audit }) {
    await checkWebhookUrl(body.url, env.AIRLOCK_ALLOW_PRIVATE_UPSTREAMS);
    const row = await db.webhookEndpoint.create({ data: body });
    const out = serializeWebhook(row);
    audit({ targetType: "webhook", targetId: row.id, after: out });
    return out;
  },
});

export const updateWebhook = route({
  method: "PATCH",
  path: "/webhooks/{id}",
  summary: "Change a webhook endpoint",
  tag: "webhooks",
  permission: { resource: "webhooks", action: "write" },
  body: webhookUpdate,
  response: webhook,
  audit: "webhook.update",
  async handler({ db, params, body, env, audit }) {
    const before = await findWebhook(db, params.id as string);
    if (body.url) await checkWebhookUrl(body.url, env.AIRLOCK_ALLOW_PRIVATE_UPSTREAMS);
    const row = await db.webhookEndpoint.update({ where: { id: before.id }, data: body });
    const out = serializeWebhook(row);
    audit({ targetType: "webhook", targetId: row.id, before: serializeWebhook(before), after: { ...out, ...(body.url ? { urlChanged: true } : {}) } });
    return out;
  },
});

export const deleteWebhook = route({
  method: "DELETE",
  path: "/webhooks/{id}",
  summary: "Remove a webhook endpoint",
  tag: "webhooks",
  permission: { resource: "webhooks", action: "write" },
  response: ok,
  audit: "webhook.delete",
  async handler({ db, params, audit }) {
    const before = await findWebhook(db, params.id as string);
    await db.webhookEndpoint.delete({ where: { id: before.id } });
    audit({ targetType: "webhook", targetId: before.id, before: serializeWebhook(before) });
    return { ok: true as const };
  },
});

export const listWebhookDeliveries = route({
  method: "GET",
  path: "/webhooks/{id}/deliveries",
  summary: "Recent deliveries to this endpoint, newest first",
  tag: "webhooks",
  permission: { resource: "webhooks", action: "read" },
  query: pageQuery,
  response: webhookDeliveryPage,
  async handler({ db, params, query }) {
    const endpoint = await findWebhook(db, params.id as string);
    return pageById(query, (p) =>
      db.webhookDelivery.findMany({ where: { endpointId: endpoint.id }, omit: { payload: true }, orderBy: NEWEST_FIRST, ...p }),
    );
  },
});


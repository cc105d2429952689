import { ok, pageQuery } from "@/lib/api/schemas/common";
import { serviceAccount, serviceAccountCreate, serviceAccountPage, serviceAccountUpdate } from "@/lib/api/schemas/identities";
import { route } from "../api/route";
import { NEWEST_FIRST, pageById } from "../api/pagination";
import { notFound } from "../errors";
import type { DbClient } from "../api/types";

const TAG = "service-accounts";

async function find(db: DbClient, id: string) {
  const row = await db.serviceAccount.findUnique({ where: { id } });
  if (!row) throw notFound("service account");
  return row;
}

export const listServiceAccounts = route({
  method: "GET",
  path: "/service-accounts",
  summary: "List service accounts (non-human identities that call the gateway)",
  tag: TAG,
  permission: { resource: "serviceAccounts", action: "read" },
  query: pageQuery,
  response: serviceAccountPage,
  handler: ({ db, query }) => pageById(query, (p) => db.serviceAccount.findMany({ orderBy: NEWEST_FIRST, ...p })),
});

export const getServiceAccount = route({
  method: "GET",
  path: "/service-accounts/{id}",
  summary: "Get a service account",
  tag: TAG,
  permission: { resource: "serviceAccounts", action: "read" },
  response: serviceAccount,
  handler: ({ db, params }) => find(db, params.id as string),
});

export const createServiceAccount = route({
  method: "POST",
  path: "/service-accounts",
  summary: "Create a service account",
  tag: TAG,
  permission: { resource: "serviceAccounts", action: "write" },
  body: serviceAccountCreate,
  response: serviceAccount,
  status: 201,
  audit: "service_account.create",
  async handler({ db, body, actor, audit, configChanged }) {
    const row = await db.serviceAccount.create({
      data: { name: body.name, description: body.description ?? null, oidcSubject: body.oidcSubject ?? null, createdById: actor.userId },
    });
    audit({ targetType: "service_account", targetId: row.id, after: row });
    configChanged("service_account", row.id);
    return row;
  },
});

export const updateServiceAccount = route({
  method: "PATCH",
  path: "/service-accounts/{id}",
  summary: "Change or disable a service account",
  tag: TAG,
  permission: { resource: "serviceAccounts", action: "write" },
  body: serviceAccountUpdate,
  response: serviceAccount,
  audit: "service_account.update",
  async handler({ db, params, body, audit, configChanged }) {
    const before = await find(db, params.id as string);
    const row = await db.serviceAccount.update({ where: { id: before.id }, data: body });
    audit({ targetType: "service_account", targetId: row.id, before, after: row });
    configChanged("service_account", row.id);
    return row;
  },
});

export const deleteServiceAccount = route({
  method: "DELETE",
  path: "/service-accounts/{id}",
  summary: "Delete a service account and its keys",
  tag: TAG,
  permission: { resource: "serviceAccounts", action: "write" },
  response: ok,
  audit: "service_account.delete",
  async handler({ db, params, audit, configChanged }) {
    const before = await find(db, params.id as string);
    await db.serviceAccount.delete({ where: { id: before.id } });
    audit({ targetType: "service_account", targetId: before.id, before });
    configChanged("service_account", before.id);
    return { ok: true as const };
  },
});

import { ok, pageQuery } from "@/lib/api/schemas/common";
import { approvalPolicy, approvalPolicyCreate, approvalPolicyPage, approvalPolicyUpdate } from "@/lib/api/schemas/rules";
import { route } from "../api/route";
import { NEWEST_FIRST, pageById } from "../api/pagination";
import { notFound } from "../errors";
import { vetApprovalPolicy } from "../rules/compile";
import { checkPolicyTargets } from "../rules/enforceable";
import type { DbClient } from "../api/types";

const TAG = "approval-policies";

async function find(db: DbClient, id: string) {
  const row = await db.approvalPolicy.findUnique({ where: { id } });
  if (!row) throw notFound("approval policy");
  return row;
}

export const listApprovalPolicies = route({
  method: "GET",
  path: "/approval-policies",
  summary: "List approval policies (which requests wait for a reviewer)",
  tag: TAG,
  permission: { resource: "approvalPolicies", action: "read" },
  query: pageQuery,
  response: approvalPolicyPage,
  handler: ({ db, query }) => pageById(query, (p) => db.approvalPolicy.findMany({ orderBy: NEWEST_FIRST, ...p })),
});

export const getApprovalPolicy = route({
  method: "GET",
  path: "/approval-policies/{id}",
  summary: "Get an approval policy",
  tag: TAG,
  permission: { resource: "approvalPolicies", action: "read" },
  response: approvalPolicy,
  handler: ({ db, params }) => find(db, params.id as string),
});

export const createApprovalPolicy = route({
  method: "POST",
  path: "/approval-policies",
  summary: "Create an approval policy",
  tag: TAG,
  permission: { resource: "approvalPolicies", action: "write" },
  body: approvalPolicyCreate,
  response: approvalPolicy,
  status: 201,
  audit: "approval_policy.create",
  async handler({ db, body, audit, configChanged }) {
    vetApprovalPolicy(body);
    await checkPolicyTargets(db, body);
    const row = await db.approvalPolicy.create({ data: { ...body, pattern: body.pattern ?? null, flags: body.flags ?? null } });
    audit({ targetType: "approval_policy", targetId: row.id, after: row });
    configChanged("policy", row.id);
    return row;
  },
});

export const updateApprovalPolicy = route({
  method: "PATCH",
  path: "/approval-policies/{id}",
  summary: "Change an approval policy",
  tag: TAG,
  permission: { resource: "approvalPolicies", action: "write" },
  body: approvalPolicyUpdate,
  response: approvalPolicy,
  audit: "approval_policy.update",
  async handler({ db, params, body, audit, configChanged }) {
    const before = await find(db, params.id as string);
    const merged = { ...before, ...body };
    vetApprovalPolicy(merged);
    await checkPolicyTargets(db, merged);
    const row = await db.approvalPolicy.update({ where: { id: before.id }, data: body });
    audit({ targetType: "approval_policy", targetId: row.id, before, after: row });
    configChanged("policy", row.id);
    return row;
  },
});

export const deleteApprovalPolicy = route({
  method: "DELETE",
  path: "/approval-policies/{id}",
  summary: "Delete an approval policy",
  tag: TAG,
  permission: { resource: "approvalPolicies", action: "write" },
  response: ok,
  audit: "approval_policy.delete",
  async handler({ db, params, audit, configChanged }) {
    const before = await find(db, params.id as string);
    await db.approvalPolicy.delete({ where: { id: before.id } });
    audit({ targetType: "approval_policy", targetId: before.id, before });
    configChanged("policy", before.id);
    return { ok: true as const };
  },
});

import { pageQuery } from "@/lib/api/schemas/common";
import { approval, approvalPage, approvalsQuery, approveRequest, denyRequest } from "@/lib/api/schemas/approvals";
import { route } from "../api/route";
import { NEWEST_FIRST, pageById } from "../api/pagination";
import { notFound } from "../errors";
import { approvalInclude, loadApproval, serializeApproval } from "../approvals/serialize";
import { decide, type Decision } from "../approvals/decide";
import type { HandlerContext } from "../api/route";

const TAG = "approvals";

export const listApprovals = route({
  method: "GET",
  path: "/approvals",
  summary: "List approval requests, newest first (filter by status, e.g. pending)",
  tag: TAG,
  permission: { resource: "approvals", action: "read" },
  query: pageQuery.extend(approvalsQuery.shape),
  response: approvalPage,
  async handler({ db, query }) {
    const where = { ...(query.status ? { status: query.status } : {}), ...(query.connectionId ? { connectionId: query.connectionId } : {}) };
    const page = await pageById(query, (p) => db.approvalRequest.findMany({ where, include: approvalInclude, orderBy: NEWEST_FIRST, ...p }));
    return { data: page.data.map(serializeApproval), nextCursor: page.nextCursor };
  },
});

export const getApproval = route({
  method: "GET",
  path: "/approvals/{id}",
  summary: "Get an approval request with its (masked) content and decisions",
  tag: TAG,
  permission: { resource: "approvals", action: "read" },
  response: approval,
  async handler({ db, params }) {
    const row = await loadApproval(db, params.id as string);
    if (!row) throw notFound("approval request");
    return serializeApproval(row);
  },
});

async function decideAndReturn(ctx: HandlerContext<unknown, unknown>, decision: Decision) {
  const id = ctx.params.id as string;
  const before = await loadApproval(ctx.db, id);
  const effects = await decide(ctx.db, ctx.actor, id, decision);
  const after = await loadApproval(ctx.db, id);
  if (!after) throw notFound("approval request");
  ctx.audit({
    targetType: "approval",
    targetId: id,
    before: before ? { status: before.status } : undefined,
    after: { status: after.status, ...decision, accessGrantId: effects.accessGrantId },
  });
  return serializeApproval(after);
}

export const approveApproval = route({
  method: "POST",
  path: "/approvals/{id}/approve",
  summary: "Approve a held request once, or for N minutes with grantMinutes",
  tag: TAG,
  permission: { resource: "approvals", action: "decide" },
  body: approveRequest,
  response: approval,
  audit: "approval.approve",
  handler: (ctx) => decideAndReturn(ctx, { decision: "approve", ...(ctx.body.grantMinutes ? { grantMinutes: ctx.body.grantMinutes } : {}) }),
});

export const denyApproval = route({
  method: "POST",
  path: "/approvals/{id}/deny",
  summary: "Deny a held request with a reason the requester sees",
  tag: TAG,
  permission: { resource: "approvals", action: "decide" },
  body: denyRequest,
  response: approval,
  audit: "approval.deny",
  handler: (ctx) => decideAndReturn(ctx, { decision: "deny", reason: ctx.body.reason }),
});

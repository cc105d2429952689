// A reviewer's decision on a held request. Rules: only pending, unexpired requests; nobody decides
// their own request; the policy's approver roles or users (admins always may); one decision per
// reviewer. Approval completes when the policy's approvalsRequired is reached; a denial is final at
// once. The status change is a conditional update, so two reviewers deciding at the same moment
// cannot both win, and NOTIFY airlock_approvals (delivered on commit) releases the held request on
// whichever gateway replica holds it.
import { NOTIFY } from "@airlock/db";
import type { Actor } from "../auth/actor";
import { conflict, forbidden, notFound } from "../errors";
import type { DbClient } from "../api/types";
import { loadApproval } from "./serialize";

export type Decision = { decision: "approve"; grantMinutes?: number } | { decision: "deny"; reason: string };

export interface DecisionEffects {
  statusChanged: boolean;
  status: string;
  accessGrantId: string | null;
}

export async function decide(
  db: DbClient,
  actor: Actor,
  requestId: string,
  input: Decision,
  notify: (channel: string, payload: unknown) => void,
): Promise<DecisionEffects> {
  const request = await loadApproval(db, requestId);
  if (!request) throw notFound("approval request");
  if (!actor.userId) throw forbidden("decisions are made by a person: use a personal access token, not the bootstrap token");
  if (request.requesterKind === "user" && request.requesterId === actor.userId) {
    throw forbidden("you cannot decide your own request; another reviewer must");
  }
  if (request.status !== "pending") throw conflict(`this request is already ${request.status}`);
  const now = new Date();
  if (request.expiresAt.getTime() <= now.getTime()) throw conflict("this request has expired");

  const policy = request.policyId ? await db.approvalPolicy.findUnique({ where: { id: request.policyId } }) : null;
  if (policy && actor.role !== "admin") {
    const byRole = policy.approverRoles.includes(actor.role);
    const byUser = policy.approverUserIds.includes(actor.userId);
    if (!byRole && !byUser) throw forbidden(`policy '${policy.name}' does not name you or your role as an approver`);
  }
  if (request.decisions.some((d) => d.reviewerId === actor.userId)) throw conflict("you have already decided this request");

  await db.approvalDecision.create({
    data: {
      requestId: request.id,
      reviewerId: actor.userId,
      decision: input.decision,
      reason: input.decision === "deny" ? input.reason : null,
      grantMinutes: input.decision === "approve" ? (input.grantMinutes ?? null) : null,
    },
  });

  const approvals = request.decisions.filter((d) => d.decision === "approve").length + (input.decision === "approve" ? 1 : 0);
  const required = policy?.approvalsRequired ?? 1;
  if (input.decision === "approve" && approvals < required) {
    return { statusChanged: false, status: "pending", accessGrantId: null };
  }

  const status = input.decision === "approve" ? "approved" : "denied";
  const grantMinutes = input.decision === "approve" ? input.grantMinutes : undefined;
  const grantExpiresAt = grantMinutes ? new Date(now.getTime() + grantMinutes * 60_000) : null;
  const changed = await db.approvalRequest.updateMany({
    where: { id: request.id, status: "pending" },
    data: { status, decidedAt: now, validUntil: grantExpiresAt },
  });
  if (changed.count !== 1) throw conflict("another reviewer decided this request first");

  let accessGrantId: string | null = null;
  if (grantExpiresAt) {
    const grant = await db.accessGrant.create({
      data: {
        identityKind: request.requesterKind,
        identityId: request.requesterId,
        connectionId: request.connectionId,
        policyId: request.policyId,
        approvalRequestId: request.id,
        grantedById: actor.userId,
        expiresAt: grantExpiresAt,
      },
    });
    accessGrantId = grant.id;
  }
  notify(NOTIFY.approvals, { id: request.id, status });
  return { statusChanged: true, status, accessGrantId };
}

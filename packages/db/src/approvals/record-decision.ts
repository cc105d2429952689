// A reviewer's decision on a held request, shared by the console (`POST /api/v1/approvals/{id}/
// approve|deny`) and the gateway's tests: the ApprovalDecision row, the request's status once
// enough reviewers agree, an AccessGrant for "approve for N minutes", and `NOTIFY
// airlock_approvals` so every gateway replica releases its waiters. The request row is locked, so
// two reviewers deciding at the same moment are counted one after the other.
import { NOTIFY } from "../channels";
import type { Prisma } from "../generated/client";
import type { ApprovalStatus, Role } from "../generated/enums";

/** After approval, an identical retry passes without another review for this long (unless a grant says longer). */
export const DEFAULT_RETRY_WINDOW_SECONDS = 10 * 60;

export interface ApprovalDecisionInput {
  requestId: string;
  reviewerId: string;
  decision: "approve" | "deny";
  /** Shown to the client on deny. */
  reason?: string;
  /** "Approve for N minutes": requests from the same identity on the same connection pass until then. */
  grantMinutes?: number;
  retryWindowSeconds?: number;
}

export interface ApprovalDecisionResult {
  status: ApprovalStatus;
  /** Distinct approvals so far, and how many the policy needs. */
  approvals: number;
  approvalsRequired: number;
  grantId: string | null;
}

export type ApprovalDecisionErrorCode = "not_found" | "not_pending" | "self_approval" | "not_allowed" | "already_decided";

const ERROR_STATUS: Record<ApprovalDecisionErrorCode, number> = {
  not_found: 404,
  not_pending: 409,
  self_approval: 403,
  not_allowed: 403,
  already_decided: 409,
};

export class ApprovalDecisionError extends Error {
  readonly status: number;
  constructor(
    readonly code: ApprovalDecisionErrorCode,
    message: string,
  ) {
    super(message);
    this.status = ERROR_STATUS[code];
  }
}

const DEFAULT_APPROVER_ROLES: Role[] = ["admin", "reviewer"];

/**
 * Records one reviewer's decision. Runs inside the caller's transaction (`tx`), so the console can
 * write its audit row atomically with it; NOTIFY is delivered when that transaction commits.
 */
export async function recordApprovalDecision(tx: Prisma.TransactionClient, input: ApprovalDecisionInput): Promise<ApprovalDecisionResult> {
  // Row lock: concurrent decisions on one request are serialised, so the approval count is exact.
  const locked = await tx.$queryRaw<{ id: string }[]>`SELECT "id" FROM "ApprovalRequest" WHERE "id" = ${input.requestId} FOR UPDATE`;
  if (locked.length === 0) throw new ApprovalDecisionError("not_found", "approval request not found");
  const request = await tx.approvalRequest.findUniqueOrThrow({
    where: { id: input.requestId },
    include: { policy: { select: { approvalsRequired: true, approverRoles: true, approverUserIds: true } } },
  });
  const now = new Date();
  if (request.status !== "pending" || request.expiresAt <= now) {
    const state = request.status === "pending" ? "expired" : request.status;
    throw new ApprovalDecisionError("not_pending", `approval request is already ${state}`);
  }
  const reviewer = await tx.user.findUnique({ where: { id: input.reviewerId }, select: { id: true, role: true, disabled: true } });
  if (!reviewer || reviewer.disabled) throw new ApprovalDecisionError("not_allowed", "reviewer not found or disabled");
  if (request.requesterKind === "user" && request.requesterId === reviewer.id) {
    throw new ApprovalDecisionError("self_approval", "you cannot decide your own request; another reviewer must");
  }
  const roles = request.policy?.approverRoles ?? DEFAULT_APPROVER_ROLES;
  const users = request.policy?.approverUserIds ?? [];
  if (!roles.includes(reviewer.role) && !users.includes(reviewer.id)) {
    throw new ApprovalDecisionError("not_allowed", "this policy does not let you decide on this request");
  }
  const already = await tx.approvalDecision.findUnique({ where: { requestId_reviewerId: { requestId: request.id, reviewerId: reviewer.id } } });
  if (already) throw new ApprovalDecisionError("already_decided", "you have already decided on this request");

  await tx.approvalDecision.create({
    data: {
      requestId: request.id,
      reviewerId: reviewer.id,
      decision: input.decision,
      reason: input.reason ?? null,
      grantMinutes: input.decision === "approve" ? (input.grantMinutes ?? null) : null,
    },
  });

  const approvalsRequired = Math.max(1, request.policy?.approvalsRequired ?? 1);
  if (input.decision === "deny") {
    await tx.approvalRequest.update({ where: { id: request.id }, data: { status: "denied", decidedAt: now } });
    await notifyApprovalChange(tx, request.id, "denied");
    return { status: "denied" as const, approvals: 0, approvalsRequired, grantId: null };
  }

  const approves = await tx.approvalDecision.findMany({ where: { requestId: request.id, decision: "approve" }, select: { grantMinutes: true } });
  if (approves.length < approvalsRequired) {
    // Announced anyway so consoles refresh the count; waiters re-read and keep waiting.
    await notifyApprovalChange(tx, request.id, "pending");
    return { status: "pending" as const, approvals: approves.length, approvalsRequired, grantId: null };
  }

  // A grant only when every approving reviewer asked for one, for the shortest time asked:
  // no single reviewer can stretch what the others agreed to.
  const minutes = approves.map((a) => a.grantMinutes);
  const grantMinutes = minutes.every((m): m is number => typeof m === "number" && m > 0) ? Math.min(...minutes) : null;
  const retryWindowMs = (input.retryWindowSeconds ?? DEFAULT_RETRY_WINDOW_SECONDS) * 1000;
  const grantUntil = grantMinutes ? new Date(now.getTime() + grantMinutes * 60_000) : null;
  const validUntil = new Date(Math.max(now.getTime() + retryWindowMs, grantUntil?.getTime() ?? 0));

  await tx.approvalRequest.update({ where: { id: request.id }, data: { status: "approved", decidedAt: now, validUntil } });
  let grantId: string | null = null;
  if (grantUntil) {
    const grant = await tx.accessGrant.create({
      data: {
        identityKind: request.requesterKind,
        identityId: request.requesterId,
        connectionId: request.connectionId,
        policyId: request.policyId,
        approvalRequestId: request.id,
        grantedById: reviewer.id,
        expiresAt: grantUntil,
      },
      select: { id: true },
    });
    grantId = grant.id;
    await tx.$executeRaw`SELECT pg_notify(${NOTIFY.config}, ${JSON.stringify({ entity: "grant", id: grant.id })})`;
  }
  await notifyApprovalChange(tx, request.id, "approved");
  return { status: "approved" as const, approvals: approves.length, approvalsRequired, grantId };
}

async function notifyApprovalChange(tx: Prisma.TransactionClient, id: string, status: ApprovalStatus): Promise<void> {
  await tx.$executeRaw`SELECT pg_notify(${NOTIFY.approvals}, ${JSON.stringify({ id, status })})`;
}

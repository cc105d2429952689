// Every database read and write the approval gate makes. Status changes made here are guarded by
// the status they expect (e.g. `WHERE status = 'pending'`), so replicas racing on one request
// change it at most once, and each change is announced on `airlock_approvals`.
import { NOTIFY, type ApprovalStatus, type Db, type IdentityKind, type Prisma } from "@airlock/db";
import { reviewerDisplay, type RequestState } from "./state";

/** A Prisma client inside an interactive transaction. */
export type Tx = Omit<Db, "$connect" | "$disconnect" | "$on" | "$transaction" | "$extends">;

export async function notifyApprovalChange(db: Tx, id: string, status: ApprovalStatus): Promise<void> {
  await db.$executeRaw`SELECT pg_notify(${NOTIFY.approvals}, ${JSON.stringify({ id, status })})`;
}

/** A live "approved for N minutes" grant for this identity on this connection (for this policy or any). */
export async function findLiveGrant(
  db: Db,
  q: { identityKind: IdentityKind; identityId: string; connectionId: string; policyId: string; now: Date },
): Promise<{ id: string; approvalRequestId: string | null } | null> {
  return db.accessGrant.findFirst({
    where: {
      identityKind: q.identityKind,
      identityId: q.identityId,
      connectionId: q.connectionId,
      revokedAt: null,
      expiresAt: { gt: q.now },
      OR: [{ policyId: q.policyId }, { policyId: null }],
    },
    select: { id: true, approvalRequestId: true },
  });
}

export interface NewRequest {
  fingerprint: string;
  policyId: string;
  connectionId: string;
  requesterKind: IdentityKind;
  requesterId: string;
  requesterLabel: string;
  kind: string;
  justification: string | null;
  maskedContent: Prisma.InputJsonValue;
  highlights: Prisma.InputJsonValue;
  sessionId: string | null;
  expiresAt: Date;
}

export type Admission =
  | { kind: "prior_approval"; requestId: string }
  | { kind: "joined"; requestId: string; expiresAt: Date }
  | { kind: "created"; requestId: string; expiresAt: Date };

/**
 * Under a transaction-scoped advisory lock on the fingerprint (so two identical requests arriving
 * at once, on any replicas, cannot both open a request): pass an identical request that was
 * approved recently, join one that is still open, or open a new one. `onCreate` runs in the same
 * transaction (the webhook outbox), so a request never exists without its notifications.
 */
export async function admitRequest(
  db: Db,
  req: NewRequest,
  now: Date,
  onCreate: (tx: Tx, requestId: string) => Promise<void>,
): Promise<Admission> {
  return db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtextextended(${req.fingerprint}, 0))`;

    const prior = await tx.approvalRequest.findFirst({
      where: { fingerprint: req.fingerprint, status: "approved", validUntil: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: { id: true },
    });
    if (prior) return { kind: "prior_approval", requestId: prior.id };

    // An abandoned request is joinable too: a client that timed out and retried should land on the
    // same review, not open a second one.
    const open = await tx.approvalRequest.findFirst({
      where: { fingerprint: req.fingerprint, status: { in: ["pending", "abandoned"] }, expiresAt: { gt: now } },
      orderBy: { createdAt: "desc" },
      select: { id: true, status: true, expiresAt: true },
    });
    if (open) {
      if (open.status === "abandoned") {
        const { count } = await tx.approvalRequest.updateMany({ where: { id: open.id, status: "abandoned" }, data: { status: "pending" } });
        if (count) await notifyApprovalChange(tx, open.id, "pending");
      }
      return { kind: "joined", requestId: open.id, expiresAt: open.expiresAt };
    }

    const created = await tx.approvalRequest.create({
      data: {
        status: "pending",
        policyId: req.policyId,
        connectionId: req.connectionId,
        requesterKind: req.requesterKind,
        requesterId: req.requesterId,
        requesterLabel: req.requesterLabel,
        fingerprint: req.fingerprint,
        kind: req.kind,
        justification: req.justification,
        maskedContent: req.maskedContent,
        highlights: req.highlights,
        sessionId: req.sessionId,
        expiresAt: req.expiresAt,
      },
      select: { id: true, expiresAt: true },
    });
    await onCreate(tx, created.id);
    await notifyApprovalChange(tx, created.id, "pending");
    return { kind: "created", requestId: created.id, expiresAt: created.expiresAt };
  });
}

/** The current state of each request (missing ids were deleted). One query however many wait. */
export async function readRequestStates(db: Db, ids: string[]): Promise<Map<string, RequestState>> {
  const rows = await db.approvalRequest.findMany({
    where: { id: { in: ids } },
    select: {
      id: true,
      status: true,
      expiresAt: true,
      policy: { select: { approvalsRequired: true } },
      decisions: {
        orderBy: { createdAt: "asc" },
        select: { decision: true, reason: true, reviewer: { select: { email: true, name: true } } },
      },
    },
  });
  const states = new Map<string, RequestState>();
  for (const row of rows) {
    const deny = row.decisions.find((d) => d.decision === "deny");
    const approves = row.decisions.filter((d) => d.decision === "approve");
    states.set(row.id, {
      id: row.id,
      status: row.status,
      expiresAt: row.expiresAt,
      approvalsRequired: Math.max(1, row.policy?.approvalsRequired ?? 1),
      approvals: approves.length,
      approvers: approves.map((d) => reviewerDisplay(d.reviewer)),
      denial: deny ? { reviewer: reviewerDisplay(deny.reviewer), reason: deny.reason ?? "" } : null,
    });
  }
  return states;
}

/** Moves a request from one status to another only if it still has the expected one. */
export async function transition(db: Db, id: string, from: ApprovalStatus, to: ApprovalStatus): Promise<boolean> {
  const { count } = await db.approvalRequest.updateMany({
    where: { id, status: from },
    data: { status: to, decidedAt: to === "pending" ? null : new Date() },
  });
  if (count) await notifyApprovalChange(db, id, to);
  return count > 0;
}

/**
 * Requests still pending past their expiry with nobody left to notice (the replica holding the
 * client crashed): mark them expired so the inbox does not offer decisions nobody waits for.
 */
export async function expireStaleRequests(db: Db, now: Date): Promise<number> {
  const rows = await db.$queryRaw<{ id: string }[]>`
    UPDATE "ApprovalRequest" SET "status" = 'expired', "decidedAt" = ${now}
     WHERE "status" = 'pending' AND "expiresAt" < ${now}
    RETURNING "id"`;
  for (const row of rows) await notifyApprovalChange(db, row.id, "expired");
  return rows.length;
}

import type { DbClient } from "../api/types";

export const approvalInclude = {
  connection: { select: { name: true } },
  policy: { select: { name: true, approvalsRequired: true } },
  accessGrant: { select: { id: true } },
  decisions: { include: { reviewer: { select: { email: true } } }, orderBy: { createdAt: "asc" as const } },
} as const;

type ApprovalRow = NonNullable<Awaited<ReturnType<typeof loadApproval>>>;

export function loadApproval(db: DbClient, id: string) {
  return db.approvalRequest.findUnique({ where: { id }, include: approvalInclude });
}

export function serializeApproval(row: ApprovalRow) {
  const { connection, policy, accessGrant, decisions, ...rest } = row;
  return {
    ...rest,
    connectionName: connection.name,
    policyName: policy?.name ?? null,
    approvalsRequired: policy?.approvalsRequired ?? 1,
    accessGrantId: accessGrant?.id ?? null,
    decisions: decisions.map(({ reviewer, requestId: _requestId, ...d }) => ({ ...d, reviewerLabel: reviewer.email })),
  };
}

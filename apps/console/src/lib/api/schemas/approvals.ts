import { z } from "zod";
import { id, page, timestamp } from "./common";

export const approvalStatus = z.enum(["pending", "approved", "denied", "expired", "abandoned"]);

export const approvalDecision = z.object({
  id,
  reviewerId: z.string(),
  reviewerLabel: z.string(),
  decision: z.string().describe("approve | deny"),
  reason: z.string().nullable(),
  grantMinutes: z.number().int().nullable(),
  createdAt: timestamp,
});

export const approval = z.object({
  id,
  status: approvalStatus,
  policyId: z.string().nullable(),
  policyName: z.string().nullable(),
  connectionId: z.string(),
  connectionName: z.string(),
  requesterKind: z.enum(["user", "service_account"]),
  requesterId: z.string(),
  requesterLabel: z.string(),
  kind: z.string().describe("llm | http | sql"),
  justification: z.string().nullable(),
  maskedContent: z.unknown().describe("the held request, masked"),
  highlights: z.unknown().describe("ranges of maskedContent that matched the policy"),
  sessionId: z.string().nullable(),
  approvalsRequired: z.number().int(),
  createdAt: timestamp,
  expiresAt: timestamp,
  decidedAt: timestamp.nullable(),
  validUntil: timestamp.nullable(),
  accessGrantId: z.string().nullable(),
  decisions: z.array(approvalDecision),
});
export const approvalPage = page(approval);
export const approvalsQuery = z.object({ status: approvalStatus.optional(), connectionId: id.optional() });

export const approveRequest = z
  .object({
    grantMinutes: z
      .number()
      .int()
      .min(1)
      .max(24 * 60)
      .optional()
      .describe("also let this identity through matching requests for N minutes (an access grant)"),
  })
  .default({});
export const denyRequest = z.object({ reason: z.string().trim().min(1, "say why (the requester sees it)").max(2000) });

export const accessGrant = z.object({
  id,
  identityKind: z.enum(["user", "service_account"]),
  identityId: z.string(),
  connectionId: z.string(),
  policyId: z.string().nullable(),
  approvalRequestId: z.string().nullable(),
  grantedById: z.string().nullable(),
  createdAt: timestamp,
  expiresAt: timestamp,
  revokedAt: timestamp.nullable(),
  revokedById: z.string().nullable(),
  active: z.boolean(),
});
export const accessGrantPage = page(accessGrant);
export const accessGrantsQuery = z.object({
  connectionId: id.optional(),
  identityId: id.optional(),
  active: z.enum(["true", "false"]).optional().describe("default true: only unexpired, unrevoked grants"),
});

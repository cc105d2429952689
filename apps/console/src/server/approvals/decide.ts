// A reviewer's decision on a held request. The rules (only pending, unexpired requests; nobody
// decides their own request; the policy's approver roles or users; one decision per reviewer;
// approvalsRequired; grants; the retry window) live in @airlock/db's recordApprovalDecision, which
// the gateway's tests use too. It runs inside this route's transaction, so its NOTIFY (which
// releases the held request on whichever gateway replica holds it) is delivered on commit, together
// with the audit row.
import { ApprovalDecisionError, recordApprovalDecision } from "@airlock/db";
import type { Actor } from "../auth/actor";
import { ApiError, forbidden } from "../errors";
import type { DbClient } from "../api/types";

export type Decision = { decision: "approve"; grantMinutes?: number } | { decision: "deny"; reason: string };

export interface DecisionEffects {
  statusChanged: boolean;
  status: string;
  accessGrantId: string | null;
}

export async function decide(db: DbClient, actor: Actor, requestId: string, input: Decision): Promise<DecisionEffects> {
  if (!actor.userId) throw forbidden("decisions are made by a person: use a personal access token, not the bootstrap token");
  try {
    const result = await recordApprovalDecision(db as Parameters<typeof recordApprovalDecision>[0], {
      requestId,
      reviewerId: actor.userId,
      decision: input.decision,
      ...(input.decision === "deny" ? { reason: input.reason } : input.grantMinutes ? { grantMinutes: input.grantMinutes } : {}),
    });
    return { statusChanged: result.status !== "pending", status: result.status, accessGrantId: result.grantId };
  } catch (err) {
    if (err instanceof ApprovalDecisionError) {
      const code = err.status === 404 ? "not_found" : err.status === 409 ? "conflict" : "forbidden";
      throw new ApiError(err.status, code, err.message);
    }
    throw err;
  }
}

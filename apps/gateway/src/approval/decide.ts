// The decision logic lives in @airlock/db, shared with the console's approve/deny routes; the
// gateway's tests use it to play the console.
import { recordApprovalDecision as recordInTransaction, type ApprovalDecisionInput, type ApprovalDecisionResult, type Db } from "@airlock/db";

export { ApprovalDecisionError, DEFAULT_RETRY_WINDOW_SECONDS } from "@airlock/db";
export type { ApprovalDecisionInput, ApprovalDecisionResult, ApprovalDecisionErrorCode } from "@airlock/db";

export function recordApprovalDecision(db: Db, input: ApprovalDecisionInput): Promise<ApprovalDecisionResult> {
  return db.$transaction((tx) => recordInTransaction(tx, input));
}

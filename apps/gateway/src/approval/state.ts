// What a waiting request's row says right now, and what the waiters should do about it. Kept pure
// so the rules (denial wins, N distinct approvals, expiry) read in one place.
import type { ApprovalStatus } from "@airlock/db";
import type { ApprovalOutcome } from "./types";

/** What a client that was held can end with. */
export type HeldOutcome = Exclude<ApprovalOutcome, { outcome: "not_required" }>;

export interface RequestState {
  id: string;
  status: ApprovalStatus;
  expiresAt: Date;
  /** From the request's policy; 1 when the policy has since been deleted. */
  approvalsRequired: number;
  /** Distinct reviewers who approved (one decision per reviewer is a unique constraint). */
  approvals: number;
  /** Their display names, in decision order. */
  approvers: string[];
  /** The first deny decision, if any. */
  denial: { reviewer: string; reason: string } | null;
}

export type Resolution =
  | { kind: "settled"; outcome: HeldOutcome }
  /** Still pending although its time is up: mark it expired, then look again. */
  | { kind: "expire" }
  /** Marked abandoned while a client here still waits (e.g. it retried): put it back to pending. */
  | { kind: "revive" }
  | { kind: "wait" };

export function resolveRequest(requestId: string, state: RequestState | undefined, now: Date): Resolution {
  // The row is gone (its connection was deleted): nobody can approve it any more.
  if (!state) return { kind: "settled", outcome: { outcome: "expired", requestId } };
  if (state.denial || state.status === "denied") {
    const denial = state.denial ?? { reviewer: "a reviewer", reason: "" };
    return { kind: "settled", outcome: { outcome: "denied", requestId, reviewer: denial.reviewer, reason: denial.reason } };
  }
  // Counted here rather than trusting `status` alone, so a policy asking for two reviewers is
  // never released by one.
  if (state.approvals >= state.approvalsRequired) {
    return { kind: "settled", outcome: { outcome: "approved", requestId, via: "review", reviewers: state.approvers } };
  }
  switch (state.status) {
    case "expired":
      return { kind: "settled", outcome: { outcome: "expired", requestId } };
    case "abandoned":
      return state.expiresAt > now ? { kind: "revive" } : { kind: "settled", outcome: { outcome: "expired", requestId } };
    case "pending":
    case "approved": // approved with too few decisions: keep waiting for the rest until expiry
      if (state.expiresAt <= now) {
        return state.status === "pending" ? { kind: "expire" } : { kind: "settled", outcome: { outcome: "expired", requestId } };
      }
      return { kind: "wait" };
    default:
      return { kind: "wait" };
  }
}

/** How a reviewer is named to the client in a denial: "Name <email>" or the e-mail alone. */
export function reviewerDisplay(user: { email: string; name: string | null }): string {
  return user.name ? `${user.name} <${user.email}>` : user.email;
}

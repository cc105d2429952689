// The contract between the data paths and just-in-time approval. A data path calls `check` after
// guardrails and before forwarding; when a policy matches it waits (connection held open) until a
// reviewer decides anywhere (LISTEN/NOTIFY fans decisions out to every replica).
import type { Identity } from "../identity";
import type { PolicyMatch } from "./policies";

export interface ApprovalSubject {
  connectionId: string;
  connectionName: string;
  identity: Identity;
  kind: "llm" | "http" | "sql";
  model?: string;
  /** Texts the policy matchers look at (prompt messages, tool arguments, SQL). Unmasked, never stored. */
  texts: string[];
  toolNames?: string[];
  sql?: string;
  /** Masked rendering of the request, stored on the approval request for reviewers. */
  maskedContent: Record<string, unknown>;
  /** Bytes that make two requests "identical" for retries (usually the raw body). */
  fingerprintMaterial: string;
  /** The client's justification, already masked like the request: it is stored, sent to webhooks and shown. */
  justification?: string | undefined;
  /**
   * Moves a matched policy's highlights (offsets into `texts`, which are unmasked) onto the masked
   * texts reviewers see. Called only for a request about to be held; without it they are stored as matched.
   */
  highlightsForReview?(highlights: PolicyMatch["highlights"]): PolicyMatch["highlights"];
  sessionId?: string;
  /** Aborted when the client goes away: the request is then marked abandoned. */
  signal: AbortSignal;
}

/** What policy matching looks at. */
export type ApprovalMatchSubject = Pick<ApprovalSubject, "connectionId" | "identity" | "texts" | "model" | "toolNames" | "sql">;

export type ApprovalOutcome =
  | { outcome: "not_required" }
  | {
      outcome: "approved";
      requestId?: string;
      via: "review" | "grant" | "prior_approval";
      /** Via review: who approved ("Name <email>" or e-mail), in decision order. */
      reviewers?: string[];
    }
  | { outcome: "denied"; requestId: string; reviewer: string; reason: string }
  | { outcome: "expired"; requestId: string }
  | { outcome: "abandoned"; requestId: string };

/** Passed to `onPending`: when the hold ends at the latest, and whether it joined an earlier identical request. */
export interface PendingDetails {
  expiresAt: Date;
  joined: boolean;
}

export interface ApprovalGate {
  /** Resolves when no approval is needed or a decision is known. `onPending` fires once if held. */
  check(subject: ApprovalSubject, onPending?: (requestId: string, held: PendingDetails) => void): Promise<ApprovalOutcome>;
  /**
   * Synchronous and in memory: false when `check` would certainly answer not_required (no policy
   * matches), so a busy data path can skip the asynchronous call. Absent: always call `check`.
   */
  mayHold?(subject: ApprovalMatchSubject): boolean;
  close(): Promise<void>;
}

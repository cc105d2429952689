// Whether a statement may run: caller still valid (key not revoked, grant and connection still
// there; cached lookups, refreshed on every configuration change) → recording available → guardrails (blocked classes such as DROP,
// TRUNCATE, DELETE without WHERE, COPY … PROGRAM) → result-masking limits (COPY output that
// cannot be masked) → approval (waits for a reviewer when a policy matches). Every failure to
// decide refuses the statement (fail closed). Decisions are recorded on the session's chain.
import type { RecordedEventInput } from "../../recorder/types";
import { statementHighlightsForReview } from "../../approval/review-text";
import type { ApprovalGate, ApprovalOutcome } from "../../approval/types";
import type { Identity } from "../../identity";
import type { ConnectionRules, ResolvedConnection } from "../../services";
import { GatewayError } from "../../errors";
import type { ErrorSpec } from "../codec";
import type { ResultMasker } from "./result-masker";
import { maskForRecording } from "./recording-text";
import { analyseStatement } from "./statement-analysis";

/** The rules in force for a session, re-read (from cache) for every statement. */
export interface SessionPolicy {
  rules: ConnectionRules;
  resultMasker: ResultMasker;
}

/**
 * `masked`: the statement as the recording shows it. "terminate": the caller may no longer use
 * the connection (key revoked or expired, grant removed, connection disabled); the session ends.
 */
export type Admission =
  | { action: "forward"; classes: string[]; masked: string; policy: SessionPolicy }
  | { action: "refuse"; classes: string[]; masked: string; error: ErrorSpec; policy: SessionPolicy }
  | { action: "terminate"; error: ErrorSpec };

export interface AdmissionContext {
  connection: ResolvedConnection;
  identity: Identity;
  /**
   * Re-validates the caller and returns the current rules (synchronously while the last check is
   * still valid); rejects with a GatewayError when access is gone.
   */
  refresh(): SessionPolicy | Promise<SessionPolicy>;
  approvals: ApprovalGate;
  recorderAccepting(): boolean;
  sessionId: string;
  record(event: RecordedEventInput): void;
}

/**
 * Postgres has no request headers, so a statement carries its justification for reviewers in a
 * comment: `/* airlock-justification: monthly close, ticket FIN-42 *\/ UPDATE …`.
 */
const JUSTIFICATION = /\/\*\s*airlock-justification:\s*([\s\S]*?)\s*\*\//i;

function justificationOf(sql: string, policy: SessionPolicy): string | undefined {
  const text = JUSTIFICATION.exec(sql)?.[1];
  // Cut after masking, so a cut cannot leave part of a value unmasked.
  return text ? maskForRecording(policy.rules, text, 500) : undefined;
}

/** SQLSTATE insufficient_privilege: what PostgreSQL itself answers for a forbidden statement. */
const FORBIDDEN = "42501";

/**
 * Synchronous when nothing needs waiting for (the access check is still valid and no approval
 * policy can match): the relay then forwards in the same turn, without a promise per statement.
 */
export function admitStatement(ctx: AdmissionContext, sql: string, signal: AbortSignal): Admission | Promise<Admission> {
  let policy: SessionPolicy | Promise<SessionPolicy>;
  try {
    policy = ctx.refresh();
  } catch (error) {
    return accessGone(error);
  }
  if (policy instanceof Promise) return policy.then((current) => decide(ctx, current, sql, signal), accessGone);
  return decide(ctx, policy, sql, signal);
}

function accessGone(error: unknown): Admission {
  const message = error instanceof GatewayError ? error.message : "Airlock could not re-check this session's access.";
  return { action: "terminate", error: { severity: "FATAL", code: "28000", message: `Airlock ended the session: ${message}` } };
}

function decide(ctx: AdmissionContext, policy: SessionPolicy, sql: string, signal: AbortSignal): Admission | Promise<Admission> {
  const analysis = analyseStatement(policy.rules, sql);
  const maskedSql = analysis.masked;
  const refuse = (classes: string[], code: string, message: string, hint?: string): Admission => ({
    action: "refuse",
    classes,
    masked: maskedSql,
    policy,
    error: { severity: "ERROR", code, message, ...(hint ? { hint } : {}) },
  });
  if (!ctx.recorderAccepting()) {
    return refuse([], "57P03", "Airlock cannot record this session right now, so it does not run statements (recording unavailable).");
  }
  const { classes, verdict } = analysis;
  if (!classes) return refuse([], FORBIDDEN, "Airlock could not classify this statement, so it was not run.");
  if (verdict.action === "block") {
    const rule = verdict.ruleName ?? verdict.ruleId ?? "guardrail";
    const reason = verdict.reason ?? `statement class ${classes.join(", ") || "unknown"} is not allowed`;
    ctx.record({
      type: "guardrail.block",
      payload: {
        ruleId: verdict.ruleId ?? "unknown",
        ...(verdict.ruleName ? { ruleName: verdict.ruleName } : {}),
        direction: "request",
        reason,
        subject: { kind: "sql_statement", name: classes.join(",") || "unknown" },
      },
    });
    const message = reason.includes(rule) ? reason : `${reason} (rule '${rule}')`;
    return refuse(classes, FORBIDDEN, `Airlock blocked this statement: ${message}`);
  }

  if (classes.includes("copy_to")) {
    if (policy.resultMasker.hasColumnRules) {
      return refuse(
        classes,
        FORBIDDEN,
        "Airlock blocked this statement: COPY … TO cannot apply this connection's column masking rules.",
        "Use SELECT instead; its results are masked column by column.",
      );
    }
    if (policy.resultMasker.detectsValues && /\bbinary\b/i.test(sql)) {
      return refuse(classes, FORBIDDEN, "Airlock blocked this statement: binary COPY output cannot be masked.", "Use the text or CSV format.");
    }
  }

  if (ctx.approvals.mayHold?.({ connectionId: ctx.connection.id, identity: ctx.identity, texts: [sql], sql }) === false) {
    return { action: "forward", classes, masked: maskedSql, policy };
  }
  return askApproval(ctx, policy, sql, signal, classes, maskedSql, refuse);
}

async function askApproval(
  ctx: AdmissionContext,
  policy: SessionPolicy,
  sql: string,
  signal: AbortSignal,
  classes: string[],
  maskedSql: string,
  refuse: (classes: string[], code: string, message: string) => Admission,
): Promise<Admission> {
  const justification = justificationOf(sql, policy);
  let outcome: ApprovalOutcome;
  try {
    outcome = await ctx.approvals.check(
      {
        connectionId: ctx.connection.id,
        connectionName: ctx.connection.name,
        identity: ctx.identity,
        kind: "sql",
        texts: [sql],
        sql,
        maskedContent: { sql: maskedSql, statementClasses: classes },
        highlightsForReview: (highlights) => statementHighlightsForReview(highlights, sql, maskedSql, policy.rules),
        fingerprintMaterial: sql,
        ...(justification ? { justification } : {}),
        sessionId: ctx.sessionId,
        signal,
      },
      (requestId, held) =>
        ctx.record({ type: "approval.pending", payload: { approvalId: requestId, expiresAt: held.expiresAt.toISOString(), ...(held.joined ? { joined: true } : {}) } }),
    );
  } catch {
    return refuse(classes, FORBIDDEN, "Airlock could not check whether this statement needs approval, so it was not run.");
  }
  switch (outcome.outcome) {
    case "not_required":
      return { action: "forward", classes, masked: maskedSql, policy };
    case "approved":
      ctx.record({
        type: "approval.approved",
        payload: { approvalId: outcome.requestId ?? "", reviewer: { id: outcome.via }, mode: outcome.via === "grant" ? "grant" : "once" },
      });
      return { action: "forward", classes, masked: maskedSql, policy };
    case "denied":
      ctx.record({ type: "approval.denied", payload: { approvalId: outcome.requestId, reviewer: { id: outcome.reviewer, name: outcome.reviewer }, reason: outcome.reason } });
      return refuse(classes, FORBIDDEN, `Airlock: this statement was denied by ${outcome.reviewer}: ${outcome.reason}`);
    case "expired":
      ctx.record({ type: "approval.expired", payload: { approvalId: outcome.requestId } });
      return refuse(classes, FORBIDDEN, "Airlock: the approval request for this statement expired before a reviewer decided.");
    case "abandoned":
      ctx.record({ type: "approval.abandoned", payload: { approvalId: outcome.requestId, reason: "the client cancelled or disconnected" } });
      return refuse(classes, "57014", "canceling statement due to user request");
  }
}

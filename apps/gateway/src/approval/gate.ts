// `ApprovalGate.check`: the one call the data paths make after guardrails and before forwarding.
// Order of questions: does a policy apply (in memory)? is there a live grant? was this exact
// request approved recently? is it already waiting (join it)? otherwise open a request, announce
// it to webhooks, and wait until a reviewer anywhere decides, it expires, or the client goes away.
import type { Db, Prisma } from "@airlock/db";
import type { Logger } from "pino";
import { approvalFingerprint } from "./fingerprint";
import type { ApprovalMetrics } from "./metrics";
import type { PolicySet } from "./policies";
import { admitRequest, findLiveGrant } from "./store";
import type { ApprovalGate, ApprovalMatchSubject, ApprovalOutcome, ApprovalSubject, PendingDetails } from "./types";
import type { WaiterRegistry } from "./waiters";
import { enqueuePendingApprovalWebhooks } from "./webhooks/enqueue";
import { approvalUrl } from "./webhooks/payload";

export interface GateParts {
  db: Db;
  logger: Logger;
  consoleUrl: string;
  policies: PolicySet;
  waiters: WaiterRegistry;
  metrics: ApprovalMetrics;
  /** A new request was created with webhook deliveries queued. */
  onCreated(): void;
  close(): Promise<void>;
}

export function createGate(parts: GateParts): ApprovalGate {
  const { db, logger, policies, waiters, metrics } = parts;
  let closed = false;

  function matchPolicy(subject: ApprovalMatchSubject) {
    return policies.match({
      connectionId: subject.connectionId,
      identity: { id: subject.identity.id, label: subject.identity.label },
      texts: subject.texts,
      ...(subject.model !== undefined ? { model: subject.model } : {}),
      ...(subject.toolNames !== undefined ? { toolNames: subject.toolNames } : {}),
      ...(subject.sql !== undefined ? { sql: subject.sql } : {}),
    });
  }

  async function check(subject: ApprovalSubject, onPending?: (requestId: string, held: PendingDetails) => void): Promise<ApprovalOutcome> {
    if (closed) throw new Error("approval gate is closed");
    const match = matchPolicy(subject);
    if (!match) return { outcome: "not_required" };

    const now = new Date();
    const grant = await findLiveGrant(db, {
      identityKind: subject.identity.kind,
      identityId: subject.identity.id,
      connectionId: subject.connectionId,
      policyId: match.policy.id,
      now,
    });
    if (grant) {
      const outcome: ApprovalOutcome = { outcome: "approved", via: "grant", ...(grant.approvalRequestId ? { requestId: grant.approvalRequestId } : {}) };
      metrics.outcome(outcome);
      return outcome;
    }

    const expiresAt = new Date(now.getTime() + match.policy.expiresInSeconds * 1000);
    const admission = await admitRequest(
      db,
      {
        fingerprint: approvalFingerprint(subject.identity, subject.connectionId, subject.fingerprintMaterial),
        policyId: match.policy.id,
        connectionId: subject.connectionId,
        requesterKind: subject.identity.kind,
        requesterId: subject.identity.id,
        requesterLabel: subject.identity.label,
        kind: subject.kind,
        justification: subject.justification ?? null,
        maskedContent: subject.maskedContent as Prisma.InputJsonValue,
        // Offsets into the texts reviewers see (masked), with the index of the text they are in.
        highlights: subject.highlightsForReview ? subject.highlightsForReview(match.highlights) : match.highlights,
        sessionId: subject.sessionId ?? null,
        expiresAt,
      },
      now,
      async (tx, id) => {
        await enqueuePendingApprovalWebhooks(tx, {
          id,
          connection: subject.connectionName,
          requester: subject.identity.label,
          policy: match.policy.name,
          kind: subject.kind,
          justification: subject.justification ?? null,
          expiresAt,
          url: approvalUrl(parts.consoleUrl, id),
        });
      },
    );

    if (admission.kind === "prior_approval") {
      const outcome: ApprovalOutcome = { outcome: "approved", requestId: admission.requestId, via: "prior_approval" };
      metrics.outcome(outcome);
      return outcome;
    }
    if (admission.kind === "created") {
      logger.info({ requestId: admission.requestId, policyId: match.policy.id, connectionId: subject.connectionId }, "request held for approval");
      parts.onCreated();
    }
    try {
      onPending?.(admission.requestId, { expiresAt: admission.expiresAt, joined: admission.kind === "joined" });
    } catch (err) {
      logger.error({ err: String(err), requestId: admission.requestId }, "onPending callback failed");
    }
    return waiters.wait(admission.requestId, admission.expiresAt, subject.signal);
  }

  return {
    check,
    // A closed gate may hold: `check` then throws, and the data path refuses (fail closed).
    mayHold: (subject) => closed || matchPolicy(subject) !== null,
    async close() {
      closed = true;
      await parts.close();
    },
  };
}

// Stage 5: just-in-time approval. When a policy matches, the request is held here (connection
// open) until a reviewer decides on any replica; a client that goes away abandons the request.
import type { ExchangeDecisionPayload } from "@airlock/recording";
import type { PolicyMatch } from "../../approval/policies";
import type { ReviewText } from "../../approval/review-text";
import type { ApprovalOutcome, ApprovalSubject } from "../../approval/types";
import { GatewayError } from "../../errors";
import type { Identity } from "../../identity";
import type { ExchangeContext } from "../context";
import { reviewTextOf } from "../context";
import { append } from "../record";
import { ClientGoneError } from "../upstream/upstream-client";
import type { InspectedRequest } from "./inspect-request";

/**
 * What the gate is asked about one HTTP exchange. A class, not an object literal with getters: the
 * lazy parts (fingerprint, justification, AbortSignal) are prototype getters, so every subject
 * shares one hidden class. Getters in a literal give each request a hidden class of its own, which
 * V8 keeps in the old generation; from there it held every exchange's objects through the next
 * young collections, promoting ~10 KB per request and making each collection take milliseconds.
 */
class HttpApprovalSubject implements ApprovalSubject {
  readonly connectionId: string;
  readonly connectionName: string;
  readonly kind: ApprovalSubject["kind"];
  readonly model: string | undefined;
  readonly texts: string[];
  readonly toolNames: string[];
  readonly maskedContent: Record<string, unknown>;
  readonly sessionId: string | undefined;

  constructor(
    private readonly ctx: ExchangeContext,
    connection: NonNullable<ExchangeContext["connection"]>,
    readonly identity: Identity,
    private readonly view: NonNullable<ExchangeContext["view"]>,
    private readonly inspected: InspectedRequest,
    // Reviewers see the justification and the highlighted texts masked like the request itself.
    private readonly review: ReviewText,
  ) {
    const maskedView = inspected.maskedView;
    this.connectionId = connection.id;
    this.connectionName = connection.name;
    this.kind = ctx.adapter.kind === "http" ? "http" : "llm";
    this.model = view.model || undefined;
    this.texts = view.texts;
    this.toolNames = view.toolCalls.map((c) => c.name);
    this.maskedContent = {
      method: ctx.req.method ?? "GET",
      path: inspected.maskedPath,
      model: maskedView?.model ?? null,
      messages: maskedView?.messages ?? [],
      tools: maskedView?.tools ?? [],
    };
    this.sessionId = ctx.chain?.sessionId;
  }

  /** Read by the gate only after a policy matched, so most requests never copy the body. */
  get fingerprintMaterial(): string {
    const { ctx } = this;
    return `${ctx.req.method ?? "GET"} ${ctx.route?.rest ?? ""}${ctx.route?.search ?? ""}\n${ctx.body?.toString("utf8") ?? ""}`;
  }

  /** Masked only when the gate stores or announces it (a policy matched). */
  get justification(): string | undefined {
    return this.review.justification;
  }

  /** Built only if the gate actually holds the request. */
  get signal(): AbortSignal {
    return this.ctx.clientGone.signal;
  }

  highlightsForReview(highlights: PolicyMatch["highlights"]): PolicyMatch["highlights"] {
    const texts = this.view.texts;
    return this.review.highlights(highlights, texts, this.inspected.maskedView?.texts ?? texts);
  }
}

export async function awaitApproval(ctx: ExchangeContext, inspected: InspectedRequest): Promise<ExchangeDecisionPayload["approval"]> {
  const { services, connection, identity, view, chain } = ctx;
  if (!connection || !identity || !view) return null;
  const outcome: ApprovalOutcome = await services.approvals.check(
    new HttpApprovalSubject(ctx, connection, identity, view, inspected, reviewTextOf(ctx)),
    (requestId, held) => {
      ctx.approvalId = requestId;
      const justification = reviewTextOf(ctx).justification;
      append(ctx, "approval.pending", {
        approvalId: requestId,
        ...(justification ? { justification } : {}),
        expiresAt: held.expiresAt.toISOString(),
        ...(held.joined ? { joined: true } : {}),
      });
      if (chain) services.recorder.flagSession(chain.sessionId, { hasApproval: true });
    },
  );
  const metric = (outcome: string) => ctx.metrics.approvals.inc({ connection: connection.name, outcome });
  switch (outcome.outcome) {
    case "not_required":
      return null;
    case "approved":
      metric(`approved_${outcome.via}`);
      if (outcome.requestId) {
        // The reviewer's name as the approval records it; a grant or an earlier approval has none here.
        append(ctx, "approval.approved", {
          approvalId: outcome.requestId,
          reviewer: { id: outcome.reviewers?.join(", ") || outcome.via },
          mode: outcome.via === "grant" ? "grant" : "once",
        });
      }
      return outcome.requestId ? { approvalId: outcome.requestId } : {};
    case "denied":
      metric("denied");
      append(ctx, "approval.denied", { approvalId: outcome.requestId, reviewer: { id: outcome.reviewer }, reason: outcome.reason });
      throw new GatewayError("approval_denied", `Request denied by ${outcome.reviewer}: ${outcome.reason}`);
    case "expired":
      metric("expired");
      append(ctx, "approval.expired", { approvalId: outcome.requestId });
      throw new GatewayError("approval_expired", "The approval request expired before a reviewer decided.");
    case "abandoned":
      metric("abandoned");
      append(ctx, "approval.abandoned", { approvalId: outcome.requestId, reason: "the client disconnected while waiting for approval" });
      throw new ClientGoneError();
  }
}

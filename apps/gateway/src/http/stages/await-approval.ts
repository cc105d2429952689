// Stage 5: just-in-time approval. When a policy matches, the request is held here (connection
// open) until a reviewer decides on any replica; a client that goes away abandons the request.
import type { ExchangeDecisionPayload } from "@airlock/recording";
import type { ApprovalOutcome } from "../../approval/types";
import { GatewayError } from "../../errors";
import type { ExchangeContext } from "../context";
import { reviewTextOf } from "../context";
import { append } from "../record";
import { ClientGoneError } from "../upstream/upstream-client";
import type { InspectedRequest } from "./inspect-request";

export async function awaitApproval(ctx: ExchangeContext, inspected: InspectedRequest): Promise<ExchangeDecisionPayload["approval"]> {
  const { services, connection, identity, view, chain } = ctx;
  if (!connection || !identity || !view) return null;
  // Reviewers see the justification and the highlighted texts masked like the request itself.
  const review = reviewTextOf(ctx);
  const maskedView = inspected.maskedView;
  const outcome: ApprovalOutcome = await services.approvals.check(
    {
      connectionId: connection.id,
      connectionName: connection.name,
      identity,
      kind: ctx.adapter.kind === "http" ? "http" : "llm",
      ...(view.model ? { model: view.model } : {}),
      texts: view.texts,
      toolNames: view.toolCalls.map((c) => c.name),
      maskedContent: {
        method: ctx.req.method ?? "GET",
        path: inspected.maskedPath,
        model: maskedView?.model ?? null,
        messages: maskedView?.messages ?? [],
        tools: maskedView?.tools ?? [],
      },
      // A getter: the gate reads it only after a policy matched, so most requests never copy the body.
      get fingerprintMaterial() {
        return `${ctx.req.method ?? "GET"} ${ctx.route?.rest ?? ""}${ctx.route?.search ?? ""}\n${ctx.body?.toString("utf8") ?? ""}`;
      },
      highlightsForReview: (highlights) => review.highlights(highlights, view.texts, maskedView?.texts ?? view.texts),
      // A getter: masked only when the gate stores or announces it (a policy matched).
      get justification() {
        return review.justification;
      },
      ...(chain ? { sessionId: chain.sessionId } : {}),
      // A getter: the AbortSignal is only built if the gate actually holds the request.
      get signal() {
        return ctx.clientGone.signal;
      },
    },
    (requestId, held) => {
      ctx.approvalId = requestId;
      append(ctx, "approval.pending", {
        approvalId: requestId,
        ...(review.justification ? { justification: review.justification } : {}),
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

// The outbox half of webhooks: one WebhookDelivery row per enabled endpoint, written in the same
// transaction that opens the approval request. The dispatcher sends them later, from any replica.
import type { Tx } from "../store";
import { webhookPayload, type PendingApprovalNotice } from "./payload";

export async function enqueuePendingApprovalWebhooks(tx: Tx, notice: PendingApprovalNotice): Promise<number> {
  const endpoints = await tx.webhookEndpoint.findMany({ where: { enabled: true }, select: { id: true, format: true } });
  if (endpoints.length === 0) return 0;
  const { count } = await tx.webhookDelivery.createMany({
    data: endpoints.map((endpoint) => ({
      endpointId: endpoint.id,
      approvalRequestId: notice.id,
      payload: webhookPayload(endpoint.format, notice),
      status: "pending",
    })),
  });
  return count;
}

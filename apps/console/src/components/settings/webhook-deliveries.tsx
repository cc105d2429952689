"use client";
import { useWebhookDeliveries } from "@/hooks/use-webhooks";
import { EmptyState, ErrorAlert, Loading } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Table, Tbody, Td, Th } from "../ui/table";
import { RelativeTime } from "../ui/time";

export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const deliveries = useWebhookDeliveries(webhookId);
  if (deliveries.isPending) return <Loading label="Loading deliveries…" />;
  return (
    <div>
      <ErrorAlert error={deliveries.error} />
      {deliveries.data && deliveries.data.length > 0 ? (
        <Table label="Deliveries">
          <thead>
            <tr>
              <Th>Created</Th>
              <Th>Status</Th>
              <Th className="text-right">Attempts</Th>
              <Th>Last error</Th>
              <Th>Next attempt</Th>
            </tr>
          </thead>
          <Tbody>
            {deliveries.data.map((d) => (
              <tr key={d.id}>
                <Td>
                  <RelativeTime iso={d.createdAt} />
                </Td>
                <Td>
                  <Badge tone={d.status === "delivered" ? "green" : d.status === "failed" ? "red" : "amber"}>{d.status}</Badge>
                </Td>
                <Td className="text-right tabular-nums">{d.attempts}</Td>
                <Td className="max-w-xs truncate text-xs text-red-700 dark:text-red-300" title={d.lastError ?? undefined}>
                  {d.lastError ?? ""}
                </Td>
                <Td>{d.status === "pending" ? <RelativeTime iso={d.nextAttemptAt} /> : "—"}</Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      ) : (
        <EmptyState>No deliveries yet.</EmptyState>
      )}
    </div>
  );
}

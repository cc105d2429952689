"use client";
import { useWebhookDeliveries } from "@/hooks/use-webhooks";
import { ErrorAlert, Loading } from "../ui/alert";
import { Badge } from "../ui/badge";
import { DataTable } from "../ui/data-table";
import { RelativeTime } from "../ui/time";

export function WebhookDeliveries({ webhookId }: { webhookId: string }) {
  const deliveries = useWebhookDeliveries(webhookId);
  if (deliveries.isPending) return <Loading label="Loading deliveries…" />;
  return (
    <div>
      <ErrorAlert error={deliveries.error} />
      <DataTable
        label="Deliveries"
        rows={deliveries.data ?? []}
        empty="No deliveries yet."
        columns={[
          { header: "Created", cell: (d) => <RelativeTime iso={d.createdAt} /> },
          { header: "Status", cell: (d) => <Badge tone={d.status === "delivered" ? "green" : d.status === "failed" ? "red" : "amber"}>{d.status}</Badge> },
          { header: "Attempts", numeric: true, cell: (d) => d.attempts },
          {
            header: "Last error",
            className: "max-w-xs truncate text-xs text-red-700 dark:text-red-300",
            title: (d) => d.lastError ?? undefined,
            cell: (d) => d.lastError ?? "",
          },
          { header: "Next attempt", cell: (d) => (d.status === "pending" ? <RelativeTime iso={d.nextAttemptAt} /> : "—") },
        ]}
      />
    </div>
  );
}

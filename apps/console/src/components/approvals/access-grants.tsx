"use client";
import { useConnections } from "@/hooks/use-connections";
import { useGrants, useRevokeGrant } from "@/hooks/use-grants";
import { ErrorAlert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { DataTable } from "../ui/data-table";
import { RelativeTime } from "../ui/time";

/** Live "approved for N minutes" windows, which let matching requests through without asking. */
export function AccessGrants({ canRevoke, labels }: { canRevoke: boolean; labels: Map<string, string> }) {
  const grants = useGrants();
  const revoke = useRevokeGrant();
  const connections = useConnections();
  const connectionName = (id: string) => connections.data?.find((c) => c.id === id)?.name ?? id;
  return (
    <Card title="Active grants" description="Time windows opened by “Approve for N minutes”.">
      <ErrorAlert error={grants.error ?? revoke.error} />
      <DataTable
        label="Active grants"
        rows={grants.data}
        empty="No active grants."
        columns={[
          { header: "Identity", cell: (g) => labels.get(g.identityId) ?? g.identityId },
          { header: "Connection", className: "font-mono text-xs", cell: (g) => connectionName(g.connectionId) },
          { header: "Expires", cell: (g) => <RelativeTime iso={g.expiresAt} /> },
        ]}
        actions={(g) =>
          canRevoke ? (
            <Button size="sm" variant="ghost" busy={revoke.isPending && revoke.variables === g.id} onClick={() => revoke.mutate(g.id)}>
              Revoke
            </Button>
          ) : null
        }
      />
    </Card>
  );
}

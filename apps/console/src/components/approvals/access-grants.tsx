"use client";
import { useConnections } from "@/hooks/use-connections";
import { useGrants, useRevokeGrant } from "@/hooks/use-grants";
import { EmptyState, ErrorAlert } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { Table, Tbody, Td, Th } from "../ui/table";
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
      {grants.data && grants.data.length > 0 ? (
        <Table label="Active grants">
          <thead>
            <tr>
              <Th>Identity</Th>
              <Th>Connection</Th>
              <Th>Expires</Th>
              <Th>
                <span className="sr-only">Actions</span>
              </Th>
            </tr>
          </thead>
          <Tbody>
            {grants.data.map((g) => (
              <tr key={g.id}>
                <Td>{labels.get(g.identityId) ?? g.identityId}</Td>
                <Td className="font-mono text-xs">{connectionName(g.connectionId)}</Td>
                <Td>
                  <RelativeTime iso={g.expiresAt} />
                </Td>
                <Td className="text-right">
                  {canRevoke ? (
                    <Button size="sm" variant="ghost" busy={revoke.isPending && revoke.variables === g.id} onClick={() => revoke.mutate(g.id)}>
                      Revoke
                    </Button>
                  ) : null}
                </Td>
              </tr>
            ))}
          </Tbody>
        </Table>
      ) : grants.data ? (
        <EmptyState>No active grants.</EmptyState>
      ) : null}
    </Card>
  );
}

"use client";
import { useState } from "react";
import type { Connection } from "@/hooks/use-connections";
import type { ServiceAccount, User } from "@/hooks/use-identities";
import { useRevokeKey, type ApiKey } from "@/hooks/use-keys";
import { EmptyState, ErrorAlert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/dialog";
import { Table, Tbody, Td, Th } from "../ui/table";
import { RelativeTime } from "../ui/time";

function status(key: ApiKey) {
  if (key.revokedAt) return <Badge tone="neutral">Revoked</Badge>;
  if (key.expiresAt && new Date(key.expiresAt).getTime() <= Date.now()) return <Badge tone="red">Expired</Badge>;
  return <Badge tone="green">Active</Badge>;
}

export function KeysTable({ keys, connections, users, accounts, canRevoke }: {
  keys: ApiKey[];
  connections: Connection[];
  users: User[];
  accounts: ServiceAccount[];
  canRevoke: boolean;
}) {
  const revoke = useRevokeKey();
  const [target, setTarget] = useState<ApiKey | null>(null);
  const ownerOf = (key: ApiKey) => {
    if (key.serviceAccountId) return `${accounts.find((a) => a.id === key.serviceAccountId)?.name ?? key.serviceAccountId} (service account)`;
    return users.find((u) => u.id === key.ownerUserId)?.email ?? "me";
  };
  const scopeOf = (key: ApiKey) =>
    key.connectionIds.length === 0 ? "all granted" : key.connectionIds.map((id) => connections.find((c) => c.id === id)?.name ?? id).join(", ");

  if (keys.length === 0) return <EmptyState>No keys.</EmptyState>;
  return (
    <>
      <Table label="Keys">
        <thead>
          <tr>
            <Th>Name</Th>
            <Th>Prefix</Th>
            <Th>Owner</Th>
            <Th>Connections</Th>
            <Th>Last used</Th>
            <Th>Expires</Th>
            <Th>Status</Th>
            <Th>
              <span className="sr-only">Actions</span>
            </Th>
          </tr>
        </thead>
        <Tbody>
          {keys.map((key) => (
            <tr key={key.id}>
              <Td className="font-medium">{key.name}</Td>
              <Td className="font-mono text-xs">{key.prefix}…</Td>
              <Td>{ownerOf(key)}</Td>
              <Td>{scopeOf(key)}</Td>
              <Td>
                <RelativeTime iso={key.lastUsedAt} />
              </Td>
              <Td>
                <RelativeTime iso={key.expiresAt} empty="never" />
              </Td>
              <Td>{status(key)}</Td>
              <Td className="text-right">
                {canRevoke && !key.revokedAt ? (
                  <Button size="sm" variant="ghost" onClick={() => setTarget(key)} aria-label={`Revoke ${key.name}`}>
                    Revoke
                  </Button>
                ) : null}
              </Td>
            </tr>
          ))}
        </Tbody>
      </Table>
      <ConfirmDialog
        open={target !== null}
        title={`Revoke “${target?.name ?? ""}”?`}
        confirmLabel="Revoke key"
        busy={revoke.isPending}
        onCancel={() => setTarget(null)}
        onConfirm={() => target && revoke.mutate(target.id, { onSuccess: () => setTarget(null) })}
        error={<ErrorAlert error={revoke.error} className="mt-3" />}
      >
        Every gateway stops accepting <span className="font-mono">{target?.prefix}…</span> at once. Clients using it will get 401. This cannot be undone.
      </ConfirmDialog>
    </>
  );
}

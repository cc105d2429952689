"use client";
import type { Connection } from "@/hooks/use-connections";
import type { ServiceAccount, User } from "@/hooks/use-identities";
import { useRevokeKey, type ApiKey } from "@/hooks/use-keys";
import { Badge } from "../ui/badge";
import { ConfirmButton } from "../ui/confirm-button";
import { DataTable } from "../ui/data-table";
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
  const ownerOf = (key: ApiKey) => {
    if (key.serviceAccountId) return `${accounts.find((a) => a.id === key.serviceAccountId)?.name ?? key.serviceAccountId} (service account)`;
    return users.find((u) => u.id === key.ownerUserId)?.email ?? "me";
  };
  const scopeOf = (key: ApiKey) =>
    key.connectionIds.length === 0 ? "all granted" : key.connectionIds.map((id) => connections.find((c) => c.id === id)?.name ?? id).join(", ");

  return (
    <DataTable
      label="Keys"
      rows={keys}
      empty="No keys."
      columns={[
        { header: "Name", className: "font-medium", cell: (key) => key.name },
        { header: "Prefix", className: "font-mono text-xs", cell: (key) => `${key.prefix}…` },
        { header: "Owner", cell: ownerOf },
        { header: "Connections", cell: scopeOf },
        { header: "Last used", cell: (key) => <RelativeTime iso={key.lastUsedAt} /> },
        { header: "Expires", cell: (key) => <RelativeTime iso={key.expiresAt} empty="never" /> },
        { header: "Status", cell: status },
      ]}
      actions={(key) =>
        canRevoke && !key.revokedAt ? (
          <ConfirmButton
            size="sm"
            variant="ghost"
            aria-label={`Revoke ${key.name}`}
            title={`Revoke “${key.name}”?`}
            confirmLabel="Revoke key"
            busy={revoke.isPending}
            error={revoke.error}
            onConfirm={(close) => revoke.mutate(key.id, { onSuccess: close })}
            message={
              <>
                Every gateway stops accepting <span className="font-mono">{key.prefix}…</span> at once. Clients using it will get 401. This cannot be undone.
              </>
            }
          >
            Revoke
          </ConfirmButton>
        ) : null
      }
    />
  );
}

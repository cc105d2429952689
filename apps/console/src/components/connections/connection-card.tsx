"use client";
import { useState } from "react";
import { useDeleteConnection, useUpdateConnection, type Connection } from "@/hooks/use-connections";
import { ErrorAlert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmButton } from "../ui/confirm-button";
import { ConnectionGrants } from "./connection-grants";
import { clientBaseUrl, CONTROL_LABELS, KIND_LABELS } from "./labels";
import { ReplaceCredential } from "./replace-credential";
import { TestConnection } from "./test-connection";

export interface ConnectionPermissions {
  write: boolean;
  test: boolean;
  grants: boolean;
}

export function ConnectionCard({ connection, can, gatewayUrl }: { connection: Connection; can: ConnectionPermissions; gatewayUrl?: string }) {
  const [open, setOpen] = useState(false);
  const update = useUpdateConnection();
  const remove = useDeleteConnection();
  const detailsId = `connection-${connection.id}-details`;

  return (
    <li className="rounded-lg border border-zinc-200 bg-white dark:border-zinc-800 dark:bg-zinc-900" aria-label={connection.name}>
      <div className="flex flex-wrap items-center gap-3 px-4 py-3">
        <div className="min-w-0 flex-1">
          <div className="flex flex-wrap items-center gap-2">
            <h3 className="font-mono text-sm font-semibold">{connection.name}</h3>
            <Badge tone="indigo">{KIND_LABELS[connection.kind]}</Badge>
            {connection.enabled ? <Badge tone="green">Enabled</Badge> : <Badge tone="neutral">Disabled</Badge>}
            {connection.allowPrivateNetwork ? <Badge tone="amber">Private network allowed</Badge> : null}
          </div>
          <p className="mt-1 truncate text-xs text-zinc-500 dark:text-zinc-400">
            {connection.upstreamUrl}
            {" · credential: "}
            <span className="font-mono">{connection.credentialHint ?? "none"}</span>
          </p>
        </div>
        <Button size="sm" aria-expanded={open} aria-controls={detailsId} onClick={() => setOpen((v) => !v)}>
          {open ? "Close" : "Manage"}
        </Button>
      </div>
      {open ? (
        <div id={detailsId} className="grid gap-6 border-t border-zinc-200 px-4 py-4 md:grid-cols-2 dark:border-zinc-800">
          <section className="space-y-4">
            {gatewayUrl ? (
              <div>
                <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Client base URL</h4>
                <p className="mt-1 break-all font-mono text-sm">{clientBaseUrl(gatewayUrl, connection)}</p>
              </div>
            ) : null}
            <div>
              <h4 className="text-xs font-semibold uppercase tracking-wide text-zinc-500">Controls it can enforce</h4>
              <ul aria-label="Controls" className="mt-2 flex flex-wrap gap-1.5">
                {connection.controls.map((c) => (
                  <li key={c}>
                    <Badge>{CONTROL_LABELS[c]}</Badge>
                  </li>
                ))}
              </ul>
            </div>
            {can.test ? <TestConnection connectionId={connection.id} /> : null}
            {can.write ? (
              <div className="space-y-3">
                <ReplaceCredential connection={connection} />
                <div className="flex flex-wrap gap-2">
                  <Button busy={update.isPending} onClick={() => update.mutate({ id: connection.id, enabled: !connection.enabled })}>
                    {connection.enabled ? "Disable" : "Enable"}
                  </Button>
                  <ConfirmButton
                    variant="danger"
                    title={`Delete ${connection.name}?`}
                    confirmLabel="Delete connection"
                    busy={remove.isPending}
                    error={remove.error}
                    onConfirm={(close) => remove.mutate(connection.id, { onSuccess: close })}
                    message={
                      <>
                        Clients using <span className="font-mono">/c/{connection.name}/</span> will be refused at once. Recorded sessions are kept.
                      </>
                    }
                  >
                    Delete
                  </ConfirmButton>
                </div>
                <ErrorAlert error={update.error} />
              </div>
            ) : null}
          </section>
          {can.grants ? (
            <section aria-label="Access">
              <h4 className="mb-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">Who may use it</h4>
              <ConnectionGrants connectionId={connection.id} canWrite={can.write} />
            </section>
          ) : null}
        </div>
      ) : null}
    </li>
  );
}

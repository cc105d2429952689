"use client";
import { useEffect, useState } from "react";
import { useConnections, useUpdateConnection, type Connection } from "@/hooks/use-connections";
import { usePurgeNow, useSettings, useUpdateSettings } from "@/hooks/use-settings";
import { ErrorAlert, Notice } from "../ui/alert";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { ConfirmButton } from "../ui/confirm-button";
import { DataTable } from "../ui/data-table";
import { TextField } from "../ui/field";
import { Form } from "../ui/form";

function daysOrNull(text: string): number | null {
  const n = Number(text);
  return text.trim() === "" || !Number.isFinite(n) ? null : Math.round(n);
}

function ConnectionOverride({ connection, canWrite }: { connection: Connection; canWrite: boolean }) {
  const update = useUpdateConnection();
  const [value, setValue] = useState(connection.retentionDays?.toString() ?? "");
  const changed = daysOrNull(value) !== connection.retentionDays;
  return (
    <Form className="flex items-center gap-2" onSubmit={() => update.mutate({ id: connection.id, retentionDays: daysOrNull(value) })}>
      <input
        aria-label={`Retention days for ${connection.name}`}
        type="number"
        min={1}
        max={36500}
        placeholder="global"
        disabled={!canWrite}
        value={value}
        onChange={(e) => setValue(e.target.value)}
        className="w-28 rounded-md border border-zinc-300 bg-white px-2 py-1 text-sm dark:border-zinc-600 dark:bg-zinc-900"
      />
      {canWrite && changed ? (
        <Button size="sm" type="submit" busy={update.isPending}>
          Save
        </Button>
      ) : null}
      {update.error ? <span className="text-xs text-red-600">{update.error.message}</span> : null}
    </Form>
  );
}

export function RetentionCard({ canWrite, canPurge }: { canWrite: boolean; canPurge: boolean }) {
  const settings = useSettings();
  const update = useUpdateSettings();
  const purge = usePurgeNow();
  const connections = useConnections();
  const [days, setDays] = useState("");
  useEffect(() => setDays(settings.data?.retentionDays?.toString() ?? ""), [settings.data?.retentionDays]);
  // Until the current setting has arrived, the field holds nothing real: a value typed then would be
  // overwritten when it arrives, and saving would store "forever" in its place.
  const editable = canWrite && settings.data !== undefined;

  return (
    <Card id="retention" title="Retention" description="Recorded sessions are purged this many days after they end. Every purge is audited.">
      <div className="space-y-5">
        <ErrorAlert error={settings.error} />
        <Form className="flex flex-wrap items-end gap-3" onSubmit={() => editable && update.mutate({ retentionDays: daysOrNull(days) })}>
          <TextField
            label="Keep sessions for (days)"
            type="number"
            min={1}
            max={36500}
            value={days}
            placeholder="forever"
            disabled={!editable}
            onChange={(e) => setDays(e.target.value)}
            hint="Empty keeps them forever"
            className="w-40"
          />
          {canWrite ? (
            <Button type="submit" busy={update.isPending} disabled={!editable}>
              Save retention
            </Button>
          ) : null}
          {update.isSuccess ? <span role="status" className="text-sm text-emerald-700 dark:text-emerald-400">Saved</span> : null}
        </Form>
        <ErrorAlert error={update.error} />
        {connections.data && connections.data.length > 0 ? (
          <div>
            <h3 className="mb-2 text-sm font-semibold">Per-connection overrides</h3>
            <DataTable
              label="Retention per connection"
              rows={connections.data}
              columns={[
                { header: "Connection", className: "font-mono text-xs", cell: (c) => c.name },
                { header: "Days (empty: global)", cell: (c) => <ConnectionOverride connection={c} canWrite={canWrite} /> },
              ]}
            />
          </div>
        ) : null}
        {canPurge ? (
          <div className="space-y-2">
            <ConfirmButton
              variant="danger"
              title="Purge sessions past retention now?"
              confirmLabel="Purge"
              busy={purge.isPending}
              error={purge.error}
              onConfirm={(close) => purge.mutate(undefined, { onSuccess: close })}
              message="Sessions older than their retention are deleted permanently, with their events. The purge is recorded in the audit log."
            >
              Purge now
            </ConfirmButton>
            {purge.data ? (
              <Notice tone="success">
                Purged {purge.data.purgedSessions} session{purge.data.purgedSessions === 1 ? "" : "s"} ({purge.data.purgedEvents} events).
              </Notice>
            ) : null}
          </div>
        ) : null}
      </div>
    </Card>
  );
}

"use client";
import { useState } from "react";
import { useAuditEvents, type AuditEvent, type AuditFilters } from "@/hooks/use-audit-events";
import { useUsers } from "@/hooks/use-identities";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { EmptyState, ErrorAlert, Loading } from "../ui/alert";
import { Button } from "../ui/button";
import { Card, PageHeader } from "../ui/card";
import { SelectField, TextField } from "../ui/field";
import { Table, Tbody, Td, Th } from "../ui/table";
import { formatDateTime } from "../ui/time";
import { isoToLocalInput, localInputToIso } from "../sessions/session-filters-url";

function Change({ event }: { event: AuditEvent }) {
  if (event.before === null && event.after === null) return null;
  return (
    <details className="mt-1">
      <summary className="cursor-pointer text-xs text-indigo-700 dark:text-indigo-300">Before / after</summary>
      <div className="mt-2 grid gap-2 md:grid-cols-2">
        <pre className="max-h-64 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-800">{JSON.stringify(event.before, null, 2) ?? "—"}</pre>
        <pre className="max-h-64 overflow-auto rounded bg-zinc-100 p-2 text-xs dark:bg-zinc-800">{JSON.stringify(event.after, null, 2) ?? "—"}</pre>
      </div>
    </details>
  );
}

export function AuditPage() {
  const [draft, setDraft] = useState<AuditFilters>({});
  const filters = useDebouncedValue(draft, 300);
  const events = useAuditEvents(filters);
  const users = useUsers();
  const set = (patch: Partial<AuditFilters>) => setDraft((d) => ({ ...d, ...patch }));
  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Every change made through the console or the API: who, what, when, before and after (secrets redacted)." />
      <Card>
        <form role="search" aria-label="Filter the audit log" className="grid gap-3 md:grid-cols-3 lg:grid-cols-6" onSubmit={(e) => e.preventDefault()}>
          <SelectField label="Actor" value={draft.actorId ?? ""} onChange={(e) => set({ actorId: e.target.value || undefined })}>
            <option value="">Anyone</option>
            {(users.data ?? []).map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </SelectField>
          <TextField label="Action" value={draft.action ?? ""} onChange={(e) => set({ action: e.target.value.trim() || undefined })} placeholder="connection. or key.revoke" />
          <TextField label="Target type" value={draft.targetType ?? ""} onChange={(e) => set({ targetType: e.target.value.trim() || undefined })} placeholder="connection" />
          <TextField label="Target id" value={draft.targetId ?? ""} onChange={(e) => set({ targetId: e.target.value.trim() || undefined })} />
          <TextField label="From" type="datetime-local" value={isoToLocalInput(draft.from)} onChange={(e) => set({ from: localInputToIso(e.target.value) })} />
          <TextField label="To" type="datetime-local" value={isoToLocalInput(draft.to)} onChange={(e) => set({ to: localInputToIso(e.target.value) })} />
        </form>
      </Card>
      <Card>
        <ErrorAlert error={events.error} />
        {events.isPending ? (
          <Loading />
        ) : rows.length === 0 ? (
          <EmptyState>No audit events match.</EmptyState>
        ) : (
          <>
            <Table label="Audit events">
              <thead>
                <tr>
                  <Th>When</Th>
                  <Th>Actor</Th>
                  <Th>Action</Th>
                  <Th>Target</Th>
                  <Th>From</Th>
                </tr>
              </thead>
              <Tbody>
                {rows.map((e) => (
                  <tr key={e.id}>
                    <Td className="whitespace-nowrap">{formatDateTime(e.at)}</Td>
                    <Td>{e.actorLabel}</Td>
                    <Td>
                      <span className="font-mono text-xs">{e.action}</span>
                      <Change event={e} />
                    </Td>
                    <Td className="text-xs">
                      {e.targetType ?? ""} <span className="font-mono">{e.targetId ?? ""}</span>
                    </Td>
                    <Td className="font-mono text-xs">{e.ip ?? ""}</Td>
                  </tr>
                ))}
              </Tbody>
            </Table>
            <div className="mt-4 flex justify-end">
              {events.hasNextPage ? (
                <Button onClick={() => void events.fetchNextPage()} busy={events.isFetchingNextPage}>
                  Load more
                </Button>
              ) : (
                <span className="text-sm text-zinc-500">End of the log</span>
              )}
            </div>
          </>
        )}
      </Card>
    </div>
  );
}

"use client";
import { useAuditEvents, type AuditEvent, type AuditFilters } from "@/hooks/use-audit-events";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import { useDraft } from "@/hooks/use-draft";
import { useUsers } from "@/hooks/use-identities";
import { Card, PageHeader } from "../ui/card";
import { DataTable } from "../ui/data-table";
import { SelectField, TextField } from "../ui/field";
import { Form } from "../ui/form";
import { PagedResults } from "../ui/paged-results";
import { TimeRangeFields } from "../ui/time-range-fields";
import { formatDateTime } from "../ui/time";

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
  const [draft, set] = useDraft<AuditFilters>({});
  const filters = useDebouncedValue(draft, 300);
  const events = useAuditEvents(filters);
  const users = useUsers();
  const rows = events.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <div className="space-y-6">
      <PageHeader title="Audit log" description="Every change made through the console or the API: who, what, when, before and after (secrets redacted)." />
      <Card>
        <Form role="search" aria-label="Filter the audit log" className="grid gap-3 md:grid-cols-3 lg:grid-cols-6">
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
          <TimeRangeFields from={draft.from} to={draft.to} onChange={set} />
        </Form>
      </Card>
      <Card>
        <PagedResults query={events} count={rows.length} empty="No audit events match." endLabel="End of the log">
          <DataTable
            label="Audit events"
            rows={rows}
            columns={[
              { header: "When", className: "whitespace-nowrap", cell: (e) => formatDateTime(e.at) },
              { header: "Actor", cell: (e) => e.actorLabel },
              {
                header: "Action",
                cell: (e) => (
                  <>
                    <span className="font-mono text-xs">{e.action}</span>
                    <Change event={e} />
                  </>
                ),
              },
              {
                header: "Target",
                className: "text-xs",
                cell: (e) => (
                  <>
                    {e.targetType ?? ""} <span className="font-mono">{e.targetId ?? ""}</span>
                  </>
                ),
              },
              { header: "From", className: "font-mono text-xs", cell: (e) => e.ip ?? "" },
            ]}
          />
        </PagedResults>
      </Card>
    </div>
  );
}

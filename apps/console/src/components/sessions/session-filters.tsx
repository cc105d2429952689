"use client";
import { useEffect, useState } from "react";
import { useDebouncedValue } from "@/hooks/use-debounced-value";
import type { Connection } from "@/hooks/use-connections";
import type { ServiceAccount, User } from "@/hooks/use-identities";
import type { SessionFilters } from "@/hooks/use-sessions";
import { Button } from "../ui/button";
import { CheckboxField, SelectField, TextField } from "../ui/field";
import { Form } from "../ui/form";
import { TimeRangeFields } from "../ui/time-range-fields";

export function SessionFiltersForm({ filters, onChange, connections, users, accounts }: {
  filters: SessionFilters;
  onChange: (next: SessionFilters) => void;
  connections: Connection[];
  users: User[];
  accounts: ServiceAccount[];
}) {
  const [q, setQ] = useState(filters.q ?? "");
  const settledQ = useDebouncedValue(q, 300);
  useEffect(() => {
    if ((settledQ.trim() || undefined) !== filters.q) onChange({ ...filters, q: settledQ.trim() || undefined });
    // Only a change of the settled search text triggers this; the other filters apply immediately.
  }, [settledQ]);
  useEffect(() => setQ(filters.q ?? ""), [filters.q]);

  const set = (patch: Partial<SessionFilters>) => onChange({ ...filters, ...patch });
  const active = Object.values(filters).some(Boolean);

  return (
    <Form role="search" aria-label="Filter sessions" className="grid gap-3 md:grid-cols-4">
      <TextField
        label="Search"
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder='Words in prompts and answers, e.g. "refund" -test'
        fieldClassName="md:col-span-2"
      />
      <SelectField label="Connection" value={filters.connectionId ?? ""} onChange={(e) => set({ connectionId: e.target.value || undefined })}>
        <option value="">All connections</option>
        {connections.map((c) => (
          <option key={c.id} value={c.id}>
            {c.name}
          </option>
        ))}
      </SelectField>
      <SelectField label="Identity" value={filters.identityId ?? ""} onChange={(e) => set({ identityId: e.target.value || undefined })}>
        <option value="">Everyone</option>
        {users.map((u) => (
          <option key={u.id} value={u.id}>
            {u.email}
          </option>
        ))}
        {accounts.map((a) => (
          <option key={a.id} value={a.id}>
            {a.name} (service account)
          </option>
        ))}
      </SelectField>
      <TimeRangeFields from={filters.from} to={filters.to} onChange={set} />
      <SelectField label="Status" value={filters.status ?? ""} onChange={(e) => set({ status: (e.target.value || undefined) as SessionFilters["status"] })}>
        <option value="">Any status</option>
        <option value="active">Active</option>
        <option value="closed">Closed</option>
      </SelectField>
      <div className="flex flex-col justify-end gap-2">
        <CheckboxField label="Has a block" checked={filters.hasBlock === "true"} onChange={(e) => set({ hasBlock: e.target.checked ? "true" : undefined })} />
        <CheckboxField label="Has an approval" checked={filters.hasApproval === "true"} onChange={(e) => set({ hasApproval: e.target.checked ? "true" : undefined })} />
      </div>
      {active ? (
        <div className="md:col-span-4">
          <Button size="sm" variant="ghost" onClick={() => onChange({})}>
            Clear filters
          </Button>
        </div>
      ) : null}
    </Form>
  );
}

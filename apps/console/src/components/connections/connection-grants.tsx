"use client";
import { useState } from "react";
import { useConnectionGrants, useCreateConnectionGrant, useDeleteConnectionGrant } from "@/hooks/use-connections";
import { useServiceAccounts, useUsers } from "@/hooks/use-identities";
import { ErrorAlert, Loading } from "../ui/alert";
import { Button } from "../ui/button";
import { SelectField } from "../ui/field";
import { Form } from "../ui/form";

/** Who may use a connection besides admins: users and service accounts. */
export function ConnectionGrants({ connectionId, canWrite }: { connectionId: string; canWrite: boolean }) {
  const grants = useConnectionGrants(connectionId);
  const users = useUsers();
  const accounts = useServiceAccounts();
  const add = useCreateConnectionGrant(connectionId);
  const remove = useDeleteConnectionGrant(connectionId);
  const [selected, setSelected] = useState("");

  const nameOf = (grant: { userId: string | null; serviceAccountId: string | null }) => {
    if (grant.userId) return users.data?.find((u) => u.id === grant.userId)?.email ?? grant.userId;
    const sa = accounts.data?.find((a) => a.id === grant.serviceAccountId);
    return sa ? `${sa.name} (service account)` : (grant.serviceAccountId ?? "");
  };
  const granted = new Set((grants.data ?? []).map((g) => g.userId ?? `sa:${g.serviceAccountId}`));

  if (grants.isPending) return <Loading label="Loading access…" />;
  return (
    <div className="space-y-3">
      <ErrorAlert error={grants.error ?? add.error ?? remove.error} />
      {grants.data && grants.data.length > 0 ? (
        <ul aria-label="Granted identities" className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
          {grants.data.map((grant) => (
            <li key={grant.id} className="flex items-center justify-between px-3 py-2 text-sm">
              <span>{nameOf(grant)}</span>
              {canWrite ? (
                <Button size="sm" variant="ghost" busy={remove.isPending && remove.variables === grant.id} onClick={() => remove.mutate(grant.id)}>
                  Remove
                </Button>
              ) : null}
            </li>
          ))}
        </ul>
      ) : (
        <p className="text-sm text-zinc-500 dark:text-zinc-400">Only admins can use this connection so far.</p>
      )}
      {canWrite ? (
        <Form
          className="flex items-end gap-2"
          onSubmit={() => {
            if (!selected) return;
            const body = selected.startsWith("sa:") ? { serviceAccountId: selected.slice(3) } : { userId: selected };
            add.mutate(body, { onSuccess: () => setSelected("") });
          }}
        >
          <SelectField label="Grant access to" value={selected} onChange={(e) => setSelected(e.target.value)} fieldClassName="flex-1">
            <option value="">Choose a user or service account…</option>
            <optgroup label="Users">
              {(users.data ?? []).filter((u) => !granted.has(u.id)).map((u) => (
                <option key={u.id} value={u.id}>
                  {u.email} ({u.role})
                </option>
              ))}
            </optgroup>
            <optgroup label="Service accounts">
              {(accounts.data ?? []).filter((a) => !granted.has(`sa:${a.id}`)).map((a) => (
                <option key={a.id} value={`sa:${a.id}`}>
                  {a.name}
                </option>
              ))}
            </optgroup>
          </SelectField>
          <Button type="submit" busy={add.isPending} disabled={!selected}>
            Grant
          </Button>
        </Form>
      ) : null}
    </div>
  );
}

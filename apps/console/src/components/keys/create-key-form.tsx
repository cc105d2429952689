"use client";
import { useState } from "react";
import { useConnections } from "@/hooks/use-connections";
import { useServiceAccounts } from "@/hooks/use-identities";
import { useCreateKey, type ApiKeyCreated } from "@/hooks/use-keys";
import { CheckboxField, SelectField, TextField } from "../ui/field";
import { Form, FormActions } from "../ui/form";

const EXPIRY_CHOICES = [
  { value: "never", label: "Never" },
  { value: "1", label: "1 day" },
  { value: "7", label: "7 days" },
  { value: "30", label: "30 days" },
  { value: "90", label: "90 days" },
  { value: "365", label: "1 year" },
] as const;

export function CreateKeyForm({ canIssueToOthers, onCreated, onCancel }: {
  canIssueToOthers: boolean;
  onCreated: (key: ApiKeyCreated) => void;
  onCancel: () => void;
}) {
  const create = useCreateKey();
  const connections = useConnections();
  const accounts = useServiceAccounts(canIssueToOthers);
  const [name, setName] = useState("");
  const [owner, setOwner] = useState("me");
  const [scope, setScope] = useState<string[]>([]);
  const [expiry, setExpiry] = useState<string>("90");

  const submit = () => {
    const expiresAt = expiry === "never" ? undefined : new Date(Date.now() + Number(expiry) * 86_400_000).toISOString();
    create.mutate(
      {
        name,
        ...(owner === "me" ? {} : { serviceAccountId: owner }),
        connectionIds: scope,
        ...(expiresAt ? { expiresAt } : {}),
      },
      { onSuccess: onCreated },
    );
  };

  return (
    <Form onSubmit={submit} aria-label="Create a key" className="grid gap-4 md:grid-cols-2">
      <TextField label="Key name" required value={name} onChange={(e) => setName(e.target.value)} placeholder="billing-agent (prod)" autoComplete="off" />
      <SelectField label="Owner" value={owner} onChange={(e) => setOwner(e.target.value)}>
        <option value="me">Me</option>
        {canIssueToOthers
          ? (accounts.data ?? []).filter((a) => !a.disabled).map((a) => (
              <option key={a.id} value={a.id}>
                Service account: {a.name}
              </option>
            ))
          : null}
      </SelectField>
      <fieldset className="md:col-span-2">
        <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Connection scope</legend>
        <p className="mb-2 text-xs text-zinc-500 dark:text-zinc-400">None ticked: every connection the owner is granted.</p>
        <div className="flex flex-wrap gap-x-6 gap-y-2">
          {(connections.data ?? []).map((c) => (
            <CheckboxField
              key={c.id}
              label={c.name}
              checked={scope.includes(c.id)}
              onChange={(e) => setScope((s) => (e.target.checked ? [...s, c.id] : s.filter((id) => id !== c.id)))}
            />
          ))}
          {connections.data?.length === 0 ? <span className="text-sm text-zinc-500">No connections yet.</span> : null}
        </div>
      </fieldset>
      <SelectField label="Expires" value={expiry} onChange={(e) => setExpiry(e.target.value)}>
        {EXPIRY_CHOICES.map((c) => (
          <option key={c.value} value={c.value}>
            {c.label}
          </option>
        ))}
      </SelectField>
      <FormActions submitLabel="Create key" busy={create.isPending} disabled={!name} error={create.error} onCancel={onCancel} className="md:col-span-2" />
    </Form>
  );
}

"use client";
import { useState } from "react";
import { ApiRequestError } from "@/lib/api/client";
import { useCreateServiceAccount, useServiceAccounts, useSetServiceAccountDisabled } from "@/hooks/use-identities";
import { EmptyState, ErrorAlert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { TextField } from "../ui/field";
import { Table, Tbody, Td, Th } from "../ui/table";

/** Non-human identities that keys (and OIDC access tokens) can act as. */
export function ServiceAccountsCard({ canWrite }: { canWrite: boolean }) {
  const accounts = useServiceAccounts();
  const create = useCreateServiceAccount();
  const setDisabled = useSetServiceAccountDisabled();
  const [name, setName] = useState("");
  const [description, setDescription] = useState("");
  const [oidcSubject, setOidcSubject] = useState("");

  return (
    <Card id="service-accounts" title="Service accounts" description="Identities for agents and jobs. Issue them keys above, or link an OIDC subject.">
      <div className="space-y-4">
        <ErrorAlert error={accounts.error ?? setDisabled.error} />
        {accounts.data && accounts.data.length > 0 ? (
          <Table label="Service accounts">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Description</Th>
                <Th>OIDC subject</Th>
                <Th>Status</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <Tbody>
              {accounts.data.map((a) => (
                <tr key={a.id}>
                  <Td className="font-mono">{a.name}</Td>
                  <Td>{a.description ?? ""}</Td>
                  <Td className="font-mono text-xs">{a.oidcSubject ?? "—"}</Td>
                  <Td>{a.disabled ? <Badge>Disabled</Badge> : <Badge tone="green">Active</Badge>}</Td>
                  <Td className="text-right">
                    {canWrite ? (
                      <Button size="sm" variant="ghost" onClick={() => setDisabled.mutate({ id: a.id, disabled: !a.disabled })}>
                        {a.disabled ? "Enable" : "Disable"}
                      </Button>
                    ) : null}
                  </Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        ) : accounts.data ? (
          <EmptyState>No service accounts yet.</EmptyState>
        ) : null}
        {canWrite ? (
          <form
            aria-label="Create a service account"
            className="grid gap-3 md:grid-cols-4 md:items-end"
            onSubmit={(e) => {
              e.preventDefault();
              create.mutate(
                { name, ...(description ? { description } : {}), ...(oidcSubject ? { oidcSubject } : {}) },
                {
                  onSuccess: () => {
                    setName("");
                    setDescription("");
                    setOidcSubject("");
                  },
                },
              );
            }}
          >
            <TextField label="Service account name" value={name} onChange={(e) => setName(e.target.value)} placeholder="billing-agent" required error={create.error instanceof ApiRequestError ? create.error.issueFor("name") : undefined} />
            <TextField label="Description" value={description} onChange={(e) => setDescription(e.target.value)} />
            <TextField label="OIDC subject (optional)" value={oidcSubject} onChange={(e) => setOidcSubject(e.target.value)} />
            <Button type="submit" busy={create.isPending} disabled={!name}>
              Create service account
            </Button>
            <ErrorAlert error={create.error} className="md:col-span-4" />
          </form>
        ) : null}
      </div>
    </Card>
  );
}

"use client";
import { useState } from "react";
import { useCreateToken, useRevokeToken, useTokens, type AccessTokenCreated } from "@/hooks/use-tokens";
import { EmptyState, ErrorAlert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { CopyBox } from "../ui/copy-box";
import { SelectField, TextField } from "../ui/field";
import { Table, Tbody, Td, Th } from "../ui/table";
import { RelativeTime } from "../ui/time";

/** Personal access tokens for the REST API (automation without a browser). */
export function TokensCard() {
  const tokens = useTokens();
  const create = useCreateToken();
  const revoke = useRevokeToken();
  const [name, setName] = useState("");
  const [days, setDays] = useState("90");
  const [created, setCreated] = useState<AccessTokenCreated | null>(null);

  return (
    <Card id="tokens" title="API tokens" description="Personal access tokens (alt_…) for the REST API at /api/v1. They act with your role.">
      <div className="space-y-4">
        {created ? (
          <div className="space-y-2 rounded-md border border-amber-300 bg-amber-50 p-3 dark:border-amber-800 dark:bg-amber-950/60">
            <p role="alert" className="text-sm text-amber-900 dark:text-amber-200">
              Copy the token “{created.name}” now: it is shown only this once.
            </p>
            <CopyBox value={created.token} label="New API token" />
            <Button size="sm" onClick={() => setCreated(null)}>
              I have copied it
            </Button>
          </div>
        ) : null}
        <ErrorAlert error={tokens.error ?? revoke.error} />
        {tokens.data && tokens.data.length > 0 ? (
          <Table label="API tokens">
            <thead>
              <tr>
                <Th>Name</Th>
                <Th>Prefix</Th>
                <Th>Last used</Th>
                <Th>Expires</Th>
                <Th>
                  <span className="sr-only">Actions</span>
                </Th>
              </tr>
            </thead>
            <Tbody>
              {tokens.data.map((t) => (
                <tr key={t.id}>
                  <Td>{t.name}</Td>
                  <Td className="font-mono text-xs">{t.prefix}…</Td>
                  <Td>
                    <RelativeTime iso={t.lastUsedAt} />
                  </Td>
                  <Td>
                    <RelativeTime iso={t.expiresAt} empty="never" />
                  </Td>
                  <Td className="text-right">
                    {t.revokedAt ? (
                      <Badge>Revoked</Badge>
                    ) : (
                      <Button size="sm" variant="ghost" onClick={() => revoke.mutate(t.id)} aria-label={`Revoke token ${t.name}`}>
                        Revoke
                      </Button>
                    )}
                  </Td>
                </tr>
              ))}
            </Tbody>
          </Table>
        ) : tokens.data ? (
          <EmptyState>No API tokens.</EmptyState>
        ) : null}
        <form
          aria-label="Create an API token"
          className="flex flex-wrap items-end gap-3"
          onSubmit={(e) => {
            e.preventDefault();
            create.mutate(
              { name, ...(days === "never" ? {} : { expiresInDays: Number(days) }) },
              {
                onSuccess: (t) => {
                  setCreated(t);
                  setName("");
                },
              },
            );
          }}
        >
          <TextField label="Token name" required value={name} onChange={(e) => setName(e.target.value)} placeholder="terraform" />
          <SelectField label="Token expires" value={days} onChange={(e) => setDays(e.target.value)}>
            <option value="30">in 30 days</option>
            <option value="90">in 90 days</option>
            <option value="365">in a year</option>
            <option value="never">never</option>
          </SelectField>
          <Button type="submit" busy={create.isPending} disabled={!name}>
            Create token
          </Button>
        </form>
        <ErrorAlert error={create.error} />
      </div>
    </Card>
  );
}

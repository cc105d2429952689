"use client";
import { useState } from "react";
import { useCreateToken, useRevokeToken, useTokens, type AccessTokenCreated } from "@/hooks/use-tokens";
import { ErrorAlert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { DataTable } from "../ui/data-table";
import { SelectField, TextField } from "../ui/field";
import { Form } from "../ui/form";
import { ShownOnce } from "../ui/shown-once";
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
          <ShownOnce
            compact
            warning={<>Copy the token “{created.name}” now: it is shown only this once.</>}
            value={created.token}
            valueLabel="New API token"
            onDone={() => setCreated(null)}
          />
        ) : null}
        <ErrorAlert error={tokens.error ?? revoke.error} />
        <DataTable
          label="API tokens"
          rows={tokens.data}
          empty="No API tokens."
          columns={[
            { header: "Name", cell: (t) => t.name },
            { header: "Prefix", className: "font-mono text-xs", cell: (t) => `${t.prefix}…` },
            { header: "Last used", cell: (t) => <RelativeTime iso={t.lastUsedAt} /> },
            { header: "Expires", cell: (t) => <RelativeTime iso={t.expiresAt} empty="never" /> },
          ]}
          actions={(t) =>
            t.revokedAt ? (
              <Badge>Revoked</Badge>
            ) : (
              <Button size="sm" variant="ghost" onClick={() => revoke.mutate(t.id)} aria-label={`Revoke token ${t.name}`}>
                Revoke
              </Button>
            )
          }
        />
        <Form
          aria-label="Create an API token"
          className="flex flex-wrap items-end gap-3"
          onSubmit={() =>
            create.mutate(
              { name, ...(days === "never" ? {} : { expiresInDays: Number(days) }) },
              {
                onSuccess: (t) => {
                  setCreated(t);
                  setName("");
                },
              },
            )
          }
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
        </Form>
        <ErrorAlert error={create.error} />
      </div>
    </Card>
  );
}

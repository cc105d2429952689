"use client";
import { ApiRequestError } from "@/lib/api/client";
import { useDraft } from "@/hooks/use-draft";
import { useCreateServiceAccount, useServiceAccounts, useSetServiceAccountDisabled } from "@/hooks/use-identities";
import { ErrorAlert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { DataTable } from "../ui/data-table";
import { TextField } from "../ui/field";
import { Form } from "../ui/form";

const BLANK = { name: "", description: "", oidcSubject: "" };

/** Non-human identities that keys (and OIDC access tokens) can act as. */
export function ServiceAccountsCard({ canWrite }: { canWrite: boolean }) {
  const accounts = useServiceAccounts();
  const create = useCreateServiceAccount();
  const setDisabled = useSetServiceAccountDisabled();
  const [draft, set] = useDraft(BLANK);
  const { name, description, oidcSubject } = draft;

  return (
    <Card id="service-accounts" title="Service accounts" description="Identities for agents and jobs. Issue them keys above, or link an OIDC subject.">
      <div className="space-y-4">
        <ErrorAlert error={accounts.error ?? setDisabled.error} />
        <DataTable
          label="Service accounts"
          rows={accounts.data}
          empty="No service accounts yet."
          columns={[
            { header: "Name", className: "font-mono", cell: (a) => a.name },
            { header: "Description", cell: (a) => a.description ?? "" },
            { header: "OIDC subject", className: "font-mono text-xs", cell: (a) => a.oidcSubject ?? "—" },
            { header: "Status", cell: (a) => (a.disabled ? <Badge>Disabled</Badge> : <Badge tone="green">Active</Badge>) },
          ]}
          actions={(a) =>
            canWrite ? (
              <Button size="sm" variant="ghost" onClick={() => setDisabled.mutate({ id: a.id, disabled: !a.disabled })}>
                {a.disabled ? "Enable" : "Disable"}
              </Button>
            ) : null
          }
        />
        {canWrite ? (
          <Form
            aria-label="Create a service account"
            className="grid gap-3 md:grid-cols-4 md:items-end"
            onSubmit={() =>
              create.mutate({ name, ...(description ? { description } : {}), ...(oidcSubject ? { oidcSubject } : {}) }, { onSuccess: () => set(BLANK) })
            }
          >
            <TextField label="Service account name" value={name} onChange={(e) => set({ name: e.target.value })} placeholder="billing-agent" required error={create.error instanceof ApiRequestError ? create.error.issueFor("name") : undefined} />
            <TextField label="Description" value={description} onChange={(e) => set({ description: e.target.value })} />
            <TextField label="OIDC subject (optional)" value={oidcSubject} onChange={(e) => set({ oidcSubject: e.target.value })} />
            <Button type="submit" busy={create.isPending} disabled={!name}>
              Create service account
            </Button>
            <ErrorAlert error={create.error} className="md:col-span-4" />
          </Form>
        ) : null}
      </div>
    </Card>
  );
}

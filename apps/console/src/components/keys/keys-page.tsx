"use client";
import { useState } from "react";
import { useConnections } from "@/hooks/use-connections";
import { useServiceAccounts, useUsers } from "@/hooks/use-identities";
import { useKeys, type ApiKeyCreated } from "@/hooks/use-keys";
import { useCan } from "@/hooks/use-me";
import { ErrorAlert, Loading } from "../ui/alert";
import { Button } from "../ui/button";
import { Card, PageHeader } from "../ui/card";
import { CheckboxField } from "../ui/field";
import { CreateKeyForm } from "./create-key-form";
import { KeysTable } from "./keys-table";
import { NewKeyPanel } from "./new-key-panel";
import { ServiceAccountsCard } from "./service-accounts-card";

export function KeysPage() {
  const [includeRevoked, setIncludeRevoked] = useState(false);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<ApiKeyCreated | null>(null);
  const keys = useKeys(includeRevoked);
  const canWrite = useCan("keys.write");
  const seesAccounts = useCan("serviceAccounts.read");
  const canWriteAccounts = useCan("serviceAccounts.write");
  const seesUsers = useCan("users.read");
  const connections = useConnections();
  const users = useUsers(seesUsers);
  const accounts = useServiceAccounts(seesAccounts);

  return (
    <div className="space-y-6">
      <PageHeader
        title="Keys"
        description="Airlock keys (alk_…) authenticate clients at the gateway. The upstream's own credential never leaves Airlock."
        actions={
          canWrite && !creating ? (
            <Button
              variant="primary"
              onClick={() => {
                setCreated(null);
                setCreating(true);
              }}
            >
              Create key
            </Button>
          ) : null
        }
      />
      {created ? <NewKeyPanel created={created} onDone={() => setCreated(null)} /> : null}
      {creating ? (
        <Card title="Create a key">
          <CreateKeyForm
            canIssueToOthers={canWriteAccounts}
            onCancel={() => setCreating(false)}
            onCreated={(key) => {
              setCreating(false);
              setCreated(key);
            }}
          />
        </Card>
      ) : null}
      <Card title="Keys" actions={<CheckboxField label="Show revoked" checked={includeRevoked} onChange={(e) => setIncludeRevoked(e.target.checked)} />}>
        <ErrorAlert error={keys.error} />
        {keys.isPending ? (
          <Loading />
        ) : keys.data ? (
          <KeysTable keys={keys.data} connections={connections.data ?? []} users={users.data ?? []} accounts={accounts.data ?? []} canRevoke={canWrite} />
        ) : null}
      </Card>
      {seesAccounts ? <ServiceAccountsCard canWrite={canWriteAccounts} /> : null}
    </div>
  );
}

"use client";
import { useState } from "react";
import { useConnections } from "@/hooks/use-connections";
import { useCan } from "@/hooks/use-me";
import { EmptyState, ErrorAlert, Loading, Notice } from "../ui/alert";
import { Button } from "../ui/button";
import { Card, PageHeader } from "../ui/card";
import { ConnectionCard } from "./connection-card";
import { ConnectionForm } from "./connection-form";

export function ConnectionsPage({ gatewayUrl }: { gatewayUrl?: string }) {
  const connections = useConnections();
  const can = { write: useCan("connections.write"), test: useCan("connections.test"), grants: useCan("connectionGrants.read") };
  const [registering, setRegistering] = useState(false);
  const [justCreated, setJustCreated] = useState<string | null>(null);

  return (
    <div>
      <PageHeader
        title="Connections"
        description="Upstreams Airlock stands in front of. Clients use the connection's URL on the gateway and their own Airlock key."
        actions={
          can.write && !registering ? (
            <Button variant="primary" onClick={() => setRegistering(true)}>
              Register connection
            </Button>
          ) : null
        }
      />
      {registering ? (
        <Card title="Register a connection" className="mb-6">
          <ConnectionForm
            onCancel={() => setRegistering(false)}
            onCreated={(c) => {
              setRegistering(false);
              setJustCreated(c.name);
            }}
          />
        </Card>
      ) : null}
      {justCreated ? (
        <Notice tone="success" className="mb-4">
          Connection <span className="font-mono">{justCreated}</span> registered. Open it to test it and grant access.
        </Notice>
      ) : null}
      <ErrorAlert error={connections.error} />
      {connections.isPending ? (
        <Loading />
      ) : connections.data && connections.data.length > 0 ? (
        <ul aria-label="Connections" className="space-y-3">
          {connections.data.map((c) => (
            <ConnectionCard key={c.id} connection={c} can={can} gatewayUrl={gatewayUrl} />
          ))}
        </ul>
      ) : connections.data ? (
        <EmptyState>No connections yet.{can.write ? " Register one to put Airlock in front of an upstream." : ""}</EmptyState>
      ) : null}
    </div>
  );
}

"use client";
import { useConnections } from "@/hooks/use-connections";
import { useServiceAccounts, useUsers } from "@/hooks/use-identities";
import { useCan } from "@/hooks/use-me";
import { useSessions } from "@/hooks/use-sessions";
import { Card, PageHeader } from "../ui/card";
import { PagedResults } from "../ui/paged-results";
import { SessionFiltersForm } from "./session-filters";
import { SessionsTable } from "./sessions-table";
import { useUrlFilters } from "./use-url-filters";

export function SessionsPage() {
  const [filters, setFilters] = useUrlFilters();

  const sessions = useSessions(filters);
  const connections = useConnections();
  const users = useUsers(useCan("users.read"));
  const accounts = useServiceAccounts(useCan("serviceAccounts.read"));
  const rows = sessions.data?.pages.flatMap((p) => p.data) ?? [];

  return (
    <div className="space-y-6">
      <PageHeader title="Sessions" description="Everything that went through the gateway, recorded as tamper-evident timelines (content already masked)." />
      <Card>
        <SessionFiltersForm filters={filters} onChange={setFilters} connections={connections.data ?? []} users={users.data ?? []} accounts={accounts.data ?? []} />
      </Card>
      <Card>
        <PagedResults query={sessions} count={rows.length} empty="No sessions match." endLabel="End of results" showCount>
          <SessionsTable sessions={rows} />
        </PagedResults>
      </Card>
    </div>
  );
}

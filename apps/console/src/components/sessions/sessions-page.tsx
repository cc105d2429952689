"use client";
import { useConnections } from "@/hooks/use-connections";
import { useServiceAccounts, useUsers } from "@/hooks/use-identities";
import { useCan } from "@/hooks/use-me";
import { useSessions } from "@/hooks/use-sessions";
import { EmptyState, ErrorAlert, Loading } from "../ui/alert";
import { Button } from "../ui/button";
import { Card, PageHeader } from "../ui/card";
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
        <ErrorAlert error={sessions.error} />
        {sessions.isPending ? (
          <Loading />
        ) : rows.length === 0 ? (
          <EmptyState>No sessions match.</EmptyState>
        ) : (
          <>
            <SessionsTable sessions={rows} />
            <div className="mt-4 flex items-center justify-between text-sm text-zinc-500 dark:text-zinc-400">
              <span aria-live="polite">{rows.length} shown</span>
              {sessions.hasNextPage ? (
                <Button onClick={() => void sessions.fetchNextPage()} busy={sessions.isFetchingNextPage}>
                  Load more
                </Button>
              ) : (
                <span>End of results</span>
              )}
            </div>
          </>
        )}
      </Card>
    </div>
  );
}

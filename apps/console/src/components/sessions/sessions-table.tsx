"use client";
import Link from "next/link";
import type { RecordedSession } from "@/hooks/use-sessions";
import { Badge } from "../ui/badge";
import { DataTable } from "../ui/data-table";
import { RelativeTime } from "../ui/time";

function Flags({ session: s }: { session: RecordedSession }) {
  return (
    <div className="flex flex-wrap gap-1">
      {s.hasBlock ? <Badge tone="red">Blocked</Badge> : null}
      {s.hasApproval ? <Badge tone="amber">Approval</Badge> : null}
      {s.hasError ? <Badge tone="red">Error</Badge> : null}
    </div>
  );
}

export function SessionsTable({ sessions }: { sessions: RecordedSession[] }) {
  return (
    <DataTable
      label="Sessions"
      rows={sessions}
      rowClassName="hover:bg-zinc-50 dark:hover:bg-zinc-800/50"
      columns={[
        {
          header: "Started",
          cell: (s) => (
            <Link href={`/sessions/${s.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
              <RelativeTime iso={s.startedAt} />
            </Link>
          ),
        },
        { header: "Connection", className: "font-mono text-xs", cell: (s) => s.connectionName },
        { header: "Identity", cell: (s) => s.identityLabel },
        { header: "Status", cell: (s) => (s.status === "active" ? <Badge tone="blue">Active</Badge> : <Badge>Closed</Badge>) },
        { header: "Exchanges", numeric: true, cell: (s) => s.exchangeCount },
        { header: "Events", numeric: true, cell: (s) => s.eventCount },
        { header: "Flags", cell: (s) => <Flags session={s} /> },
      ]}
    />
  );
}

"use client";
import Link from "next/link";
import type { RecordedSession } from "@/hooks/use-sessions";
import { Badge } from "../ui/badge";
import { Table, Tbody, Td, Th } from "../ui/table";
import { RelativeTime } from "../ui/time";

export function SessionsTable({ sessions }: { sessions: RecordedSession[] }) {
  return (
    <Table label="Sessions">
      <thead>
        <tr>
          <Th>Started</Th>
          <Th>Connection</Th>
          <Th>Identity</Th>
          <Th>Status</Th>
          <Th className="text-right">Exchanges</Th>
          <Th className="text-right">Events</Th>
          <Th>Flags</Th>
        </tr>
      </thead>
      <Tbody>
        {sessions.map((s) => (
          <tr key={s.id} className="hover:bg-zinc-50 dark:hover:bg-zinc-800/50">
            <Td>
              <Link href={`/sessions/${s.id}`} className="font-medium text-indigo-700 hover:underline dark:text-indigo-300">
                <RelativeTime iso={s.startedAt} />
              </Link>
            </Td>
            <Td className="font-mono text-xs">{s.connectionName}</Td>
            <Td>{s.identityLabel}</Td>
            <Td>{s.status === "active" ? <Badge tone="blue">Active</Badge> : <Badge>Closed</Badge>}</Td>
            <Td className="text-right tabular-nums">{s.exchangeCount}</Td>
            <Td className="text-right tabular-nums">{s.eventCount}</Td>
            <Td>
              <div className="flex flex-wrap gap-1">
                {s.hasBlock ? <Badge tone="red">Blocked</Badge> : null}
                {s.hasApproval ? <Badge tone="amber">Approval</Badge> : null}
                {s.hasError ? <Badge tone="red">Error</Badge> : null}
              </div>
            </Td>
          </tr>
        ))}
      </Tbody>
    </Table>
  );
}

"use client";
import Link from "next/link";
import { useApprovals, type Approval } from "@/hooks/use-approvals";
import { EmptyState, ErrorAlert } from "../ui/alert";
import { Badge, type Tone } from "../ui/badge";
import { Card } from "../ui/card";
import { Table, Tbody, Td, Th } from "../ui/table";
import { RelativeTime } from "../ui/time";

const TONE: Record<Approval["status"], Tone> = { pending: "amber", approved: "green", denied: "red", expired: "neutral", abandoned: "neutral" };

export function RecentDecisions() {
  const approvals = useApprovals(undefined, { limit: 30 });
  const decided = (approvals.data ?? []).filter((a) => a.status !== "pending").slice(0, 15);
  return (
    <Card title="Recent decisions">
      <ErrorAlert error={approvals.error} />
      {decided.length > 0 ? (
        <Table label="Recent decisions">
          <thead>
            <tr>
              <Th>Requester</Th>
              <Th>Connection</Th>
              <Th>Outcome</Th>
              <Th>By</Th>
              <Th>When</Th>
            </tr>
          </thead>
          <Tbody>
            {decided.map((a) => {
              const last = a.decisions.at(-1);
              return (
                <tr key={a.id}>
                  <Td>{a.requesterLabel}</Td>
                  <Td className="font-mono text-xs">{a.connectionName}</Td>
                  <Td>
                    <Badge tone={TONE[a.status]}>{a.status}</Badge>
                    {last?.reason ? <span className="ml-2 text-xs text-zinc-500">“{last.reason}”</span> : null}
                    {last?.grantMinutes ? <span className="ml-2 text-xs text-zinc-500">for {last.grantMinutes} min</span> : null}
                  </Td>
                  <Td>{last?.reviewerLabel ?? "—"}</Td>
                  <Td>
                    {a.sessionId ? (
                      <Link className="hover:underline" href={`/sessions/${a.sessionId}`}>
                        <RelativeTime iso={a.decidedAt ?? a.createdAt} />
                      </Link>
                    ) : (
                      <RelativeTime iso={a.decidedAt ?? a.createdAt} />
                    )}
                  </Td>
                </tr>
              );
            })}
          </Tbody>
        </Table>
      ) : approvals.data ? (
        <EmptyState>No decisions yet.</EmptyState>
      ) : null}
    </Card>
  );
}

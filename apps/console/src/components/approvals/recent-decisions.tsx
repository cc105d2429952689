"use client";
import Link from "next/link";
import { useApprovals, type Approval } from "@/hooks/use-approvals";
import { ErrorAlert } from "../ui/alert";
import { Badge, type Tone } from "../ui/badge";
import { Card } from "../ui/card";
import { DataTable } from "../ui/data-table";
import { RelativeTime } from "../ui/time";

const TONE: Record<Approval["status"], Tone> = { pending: "amber", approved: "green", denied: "red", expired: "neutral", abandoned: "neutral" };

function Outcome({ approval }: { approval: Approval }) {
  const last = approval.decisions.at(-1);
  return (
    <>
      <Badge tone={TONE[approval.status]}>{approval.status}</Badge>
      {last?.reason ? <span className="ml-2 text-xs text-zinc-500">“{last.reason}”</span> : null}
      {last?.grantMinutes ? <span className="ml-2 text-xs text-zinc-500">for {last.grantMinutes} min</span> : null}
    </>
  );
}

function DecidedAt({ approval }: { approval: Approval }) {
  const when = <RelativeTime iso={approval.decidedAt ?? approval.createdAt} />;
  return approval.sessionId ? (
    <Link className="hover:underline" href={`/sessions/${approval.sessionId}`}>
      {when}
    </Link>
  ) : (
    when
  );
}

export function RecentDecisions() {
  const approvals = useApprovals(undefined, { limit: 30 });
  const decided = approvals.data?.filter((a) => a.status !== "pending").slice(0, 15);
  return (
    <Card title="Recent decisions">
      <ErrorAlert error={approvals.error} />
      <DataTable
        label="Recent decisions"
        rows={decided}
        empty="No decisions yet."
        columns={[
          { header: "Requester", cell: (a) => a.requesterLabel },
          { header: "Connection", className: "font-mono text-xs", cell: (a) => a.connectionName },
          { header: "Outcome", cell: (a) => <Outcome approval={a} /> },
          { header: "By", cell: (a) => a.decisions.at(-1)?.reviewerLabel ?? "—" },
          { header: "When", cell: (a) => <DecidedAt approval={a} /> },
        ]}
      />
    </Card>
  );
}

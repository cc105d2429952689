"use client";
import Link from "next/link";
import type { ReactNode } from "react";
import { useCan } from "@/hooks/use-me";
import { useExportSession, useSession, useSessionReplay } from "@/hooks/use-sessions";
import { ErrorAlert, Loading } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { formatDateTime } from "../ui/time";
import { IntegrityBadge } from "./integrity-badge";
import { ReplayPlayer } from "./replay-player";

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <dt className="text-xs font-semibold uppercase tracking-wide text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-sm">{children}</dd>
    </div>
  );
}

export function SessionDetail({ sessionId }: { sessionId: string }) {
  const session = useSession(sessionId);
  const replay = useSessionReplay(sessionId);
  const exporter = useExportSession();
  const canExport = useCan("sessions.export");
  const s = session.data;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div>
          <Link href="/sessions" className="text-sm text-indigo-700 hover:underline dark:text-indigo-300">
            ← Sessions
          </Link>
          <h1 className="mt-1 text-xl font-semibold tracking-tight">
            Session <span className="font-mono text-base">{sessionId}</span>
          </h1>
        </div>
        <div className="flex items-center gap-3">
          <IntegrityBadge sessionId={sessionId} />
          {canExport ? (
            <Button onClick={() => exporter.mutate(sessionId)} busy={exporter.isPending}>
              Export evidence
            </Button>
          ) : null}
        </div>
      </div>
      <ErrorAlert error={session.error ?? exporter.error} />
      {s ? (
        <Card>
          <dl className="grid gap-4 sm:grid-cols-3 lg:grid-cols-6">
            <Fact label="Connection">
              <span className="font-mono">{s.connectionName}</span>
            </Fact>
            <Fact label="Identity">{s.identityLabel}</Fact>
            <Fact label="Protocol">{s.protocol}</Fact>
            <Fact label="Started">{formatDateTime(s.startedAt)}</Fact>
            <Fact label="Status">
              {s.status === "active" ? <Badge tone="blue">Active</Badge> : <Badge title={s.endedAt ? `Ended ${formatDateTime(s.endedAt)}` : undefined}>Closed</Badge>}{" "}
              {s.hasBlock ? <Badge tone="red">Blocked</Badge> : null} {s.hasApproval ? <Badge tone="amber">Approval</Badge> : null}
            </Fact>
            <Fact label="Activity">
              {s.exchangeCount} exchange{s.exchangeCount === 1 ? "" : "s"}, {s.eventCount} events
            </Fact>
          </dl>
        </Card>
      ) : session.isPending ? (
        <Loading />
      ) : null}
      <ErrorAlert error={replay.error} title="Replay unavailable" />
      {replay.data ? <ReplayPlayer steps={replay.data.steps} truncated={replay.data.truncated} /> : replay.isPending ? <Loading label="Loading timeline…" /> : null}
    </div>
  );
}

"use client";
import Link from "next/link";
import { useState } from "react";
import { useMe } from "@/hooks/use-me";
import { useStats, type StatsRange } from "@/hooks/use-stats";
import { ErrorAlert, Loading } from "../ui/alert";
import { Card, PageHeader } from "../ui/card";
import { cx } from "../ui/cx";
import { DashboardCharts } from "./dashboard-charts";

const RANGES: Record<StatsRange, string> = { "1h": "Last hour", "24h": "Last 24 hours", "7d": "Last 7 days" };

function Figure({ label, value, tone }: { label: string; value: string; tone?: "red" | "amber" }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white p-4 dark:border-zinc-800 dark:bg-zinc-900">
      <dt className="text-xs font-medium uppercase tracking-wide text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className={cx("mt-1 text-2xl font-semibold tabular-nums", tone === "red" && "text-red-600 dark:text-red-400", tone === "amber" && "text-amber-600 dark:text-amber-400")}>
        {value}
      </dd>
    </div>
  );
}

const n = (v: number) => v.toLocaleString();

function Stats() {
  const [range, setRange] = useState<StatsRange>("24h");
  const stats = useStats(range);
  const t = stats.data?.totals;
  return (
    <div className="space-y-6">
      <div role="radiogroup" aria-label="Time range" className="inline-flex rounded-md border border-zinc-200 bg-white p-0.5 dark:border-zinc-700 dark:bg-zinc-900">
        {(Object.keys(RANGES) as StatsRange[]).map((r) => (
          <button
            key={r}
            type="button"
            role="radio"
            aria-checked={r === range}
            onClick={() => setRange(r)}
            className={cx("rounded px-3 py-1 text-sm", r === range ? "bg-zinc-900 text-white dark:bg-zinc-100 dark:text-zinc-900" : "text-zinc-600 dark:text-zinc-300")}
          >
            {RANGES[r]}
          </button>
        ))}
      </div>
      <ErrorAlert error={stats.error} />
      {t ? (
        <dl className="grid grid-cols-2 gap-4 md:grid-cols-3 xl:grid-cols-6">
          <Figure label="Requests" value={n(t.requests)} />
          <Figure label="Blocked" value={n(t.blocks)} tone={t.blocks ? "red" : undefined} />
          <Figure label="Held for approval" value={n(t.approvals)} tone={t.approvals ? "amber" : undefined} />
          <Figure label="Errors" value={n(t.errors)} />
          <Figure label="Avg / p95 latency" value={t.avgLatencyMs === null ? "—" : `${n(t.avgLatencyMs)} / ${n(t.p95LatencyMs ?? 0)} ms`} />
          <Figure label="Tokens in / out" value={`${n(t.inputTokens)} / ${n(t.outputTokens)}`} />
        </dl>
      ) : stats.isPending ? (
        <Loading />
      ) : null}
      {stats.data ? <DashboardCharts stats={stats.data} /> : null}
    </div>
  );
}

/** Members have no stats permission: they get pointers to what they can use instead. */
function MemberHome() {
  return (
    <Card title="Getting started">
      <ul className="list-inside list-disc space-y-1 text-sm">
        <li>
          <Link className="text-indigo-700 hover:underline dark:text-indigo-300" href="/keys">
            Create an Airlock key
          </Link>{" "}
          and point your client&apos;s base URL at a connection on the gateway.
        </li>
        <li>
          <Link className="text-indigo-700 hover:underline dark:text-indigo-300" href="/sessions">
            Replay your sessions
          </Link>{" "}
          to see exactly what was sent, masked and answered.
        </li>
      </ul>
    </Card>
  );
}

export function Dashboard() {
  const me = useMe();
  const seesStats = me.data?.permissions.includes("stats.read");
  return (
    <div>
      <PageHeader title="Dashboard" description="Traffic through the gateway: requests, blocks, approvals, latency and tokens per connection." />
      {me.data ? seesStats ? <Stats /> : <MemberHome /> : <Loading />}
    </div>
  );
}

"use client";
import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, Tooltip, XAxis, YAxis } from "recharts";
import type { Stats } from "@/hooks/use-stats";
import { ChartCard, useChartColors } from "./chart-frame";
import { PALETTE, pivot, totalsPerBucket } from "./pivot";

function tickFormatter(bucket: Stats["bucket"]) {
  return (iso: string) => {
    const d = new Date(iso);
    return bucket === "day" ? d.toLocaleDateString([], { month: "short", day: "numeric" }) : d.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
  };
}

export function DashboardCharts({ stats }: { stats: Stats }) {
  const colors = useChartColors();
  const format = tickFormatter(stats.bucket);
  const axes = (
    <>
      <CartesianGrid stroke={colors.grid} strokeDasharray="3 3" />
      <XAxis dataKey="bucket" tickFormatter={format} stroke={colors.axis} fontSize={11} />
      <YAxis stroke={colors.axis} fontSize={11} allowDecimals={false} width={48} />
      <Tooltip
        labelFormatter={(v) => new Date(String(v)).toLocaleString()}
        contentStyle={{ background: colors.tooltipBg, border: `1px solid ${colors.tooltipBorder}`, color: colors.text, fontSize: 12 }}
      />
      <Legend wrapperStyle={{ fontSize: 12 }} />
    </>
  );
  const requests = pivot(stats.series, "requests");
  const latency = pivot(stats.series, "avgLatencyMs");
  const tokens = pivot(stats.series, (p) => p.inputTokens + p.outputTokens);
  const outcomes = totalsPerBucket(stats.series, ["blocks", "approvals", "errors"]);
  const empty = stats.series.length === 0;

  return (
    <div className="grid gap-6 xl:grid-cols-2">
      <ChartCard title="Requests per connection" empty={empty}>
        <AreaChart data={requests.rows}>
          {axes}
          {requests.connections.map((c, i) => (
            <Area key={c} type="monotone" dataKey={c} stackId="1" stroke={PALETTE[i % PALETTE.length]} fill={PALETTE[i % PALETTE.length]} fillOpacity={0.25} isAnimationActive={false} />
          ))}
        </AreaChart>
      </ChartCard>
      <ChartCard title="Blocks, approvals and errors" empty={empty}>
        <BarChart data={outcomes}>
          {axes}
          <Bar dataKey="blocks" name="Blocks" fill="#ef4444" isAnimationActive={false} />
          <Bar dataKey="approvals" name="Approvals" fill="#f59e0b" isAnimationActive={false} />
          <Bar dataKey="errors" name="Errors" fill="#a1a1aa" isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title="Average latency (ms) per connection" empty={empty}>
        <LineChart data={latency.rows}>
          {axes}
          {latency.connections.map((c, i) => (
            <Line key={c} type="monotone" dataKey={c} stroke={PALETTE[i % PALETTE.length]} dot={false} connectNulls isAnimationActive={false} />
          ))}
        </LineChart>
      </ChartCard>
      <ChartCard title="Tokens per connection" description="Input and output tokens reported by the upstream" empty={empty}>
        <BarChart data={tokens.rows}>
          {axes}
          {tokens.connections.map((c, i) => (
            <Bar key={c} dataKey={c} stackId="t" fill={PALETTE[i % PALETTE.length]} isAnimationActive={false} />
          ))}
        </BarChart>
      </ChartCard>
    </div>
  );
}

"use client";
import type { ReactElement } from "react";
import { ResponsiveContainer } from "recharts";
import { useTheme } from "../theme/theme-provider";
import { Card } from "../ui/card";

export function useChartColors() {
  const { theme } = useTheme();
  return theme === "dark"
    ? { grid: "#27272a", axis: "#a1a1aa", tooltipBg: "#18181b", tooltipBorder: "#3f3f46", text: "#f4f4f5" }
    : { grid: "#e4e4e7", axis: "#71717a", tooltipBg: "#ffffff", tooltipBorder: "#e4e4e7", text: "#18181b" };
}

export function ChartCard({ title, description, empty, children }: { title: string; description?: string; empty: boolean; children: ReactElement }) {
  return (
    <Card title={title} description={description}>
      <figure aria-label={title} className="h-64">
        {empty ? (
          <p className="flex h-full items-center justify-center text-sm text-zinc-500">No data in this range.</p>
        ) : (
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        )}
      </figure>
    </Card>
  );
}

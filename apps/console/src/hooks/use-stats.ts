"use client";
import { useQuery } from "@tanstack/react-query";
import type { stats, statsPoint } from "@/lib/api/schemas/admin";
import { api, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";

export type Stats = Wire<typeof stats>;
export type StatsPoint = Wire<typeof statsPoint>;
export type StatsRange = "1h" | "24h" | "7d";

const RANGES: Record<StatsRange, { ms: number; bucket: "minute" | "hour" | "day" }> = {
  "1h": { ms: 3_600_000, bucket: "minute" },
  "24h": { ms: 86_400_000, bucket: "hour" },
  "7d": { ms: 7 * 86_400_000, bucket: "day" },
};

export function useStats(range: StatsRange) {
  return useQuery({
    queryKey: [...queryKeys.stats, range],
    queryFn: () => {
      const { ms, bucket } = RANGES[range];
      const to = new Date();
      return api.get<Stats>("/stats", { from: new Date(to.getTime() - ms).toISOString(), to: to.toISOString(), bucket });
    },
    refetchInterval: 30_000,
  });
}

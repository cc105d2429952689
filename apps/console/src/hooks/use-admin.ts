"use client";
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type Settings } from "@/lib/api/client";
import { qk } from "./keys";

export function useAuditEvents(filters: { action?: string }) {
  return useInfiniteQuery({
    queryKey: qk.audit(filters),
    queryFn: ({ pageParam }) => api.auditEvents.list({ ...filters, limit: 50, ...(pageParam ? { cursor: pageParam } : {}) }),
    initialPageParam: "",
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  });
}

export function useSettings() {
  return useQuery({ queryKey: qk.settings, queryFn: api.settings.get });
}

export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: Partial<Settings>) => api.settings.update(input),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.settings }),
  });
}

export function usePurgeNow() {
  return useMutation({ mutationFn: () => api.settings.purge() });
}

export function useWebhooks() {
  return useQuery({ queryKey: qk.webhooks, queryFn: () => api.webhooks.list({ limit: 100 }) });
}

export function useStats(range: { bucket: "minute" | "hour" | "day"; from?: string }) {
  return useQuery({ queryKey: qk.stats(range), queryFn: () => api.stats(range), refetchInterval: 30_000 });
}

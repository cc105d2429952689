"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { purgeResult, settings, settingsUpdate } from "@/lib/api/schemas/admin";
import { api, type Body, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { useInvalidatingMutation } from "./resource";

export type Settings = Wire<typeof settings>;
export type PurgeResult = Wire<typeof purgeResult>;

export function useSettings() {
  return useQuery({ queryKey: queryKeys.settings, queryFn: () => api.get<Settings>("/settings") });
}

export function useUpdateSettings() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof settingsUpdate>) => api.patch<Settings>("/settings", body),
    onSuccess: (data) => client.setQueryData(queryKeys.settings, data),
  });
}

export function usePurgeNow() {
  return useInvalidatingMutation(() => api.post<PurgeResult>("/settings/retention/purge"), [queryKeys.sessions]);
}

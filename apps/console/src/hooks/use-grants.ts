"use client";
// Access grants made by "approve for N minutes".
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { accessGrant, accessGrantPage } from "@/lib/api/schemas/approvals";
import { api, type Wire } from "@/lib/api/client";
import { FULL_LIST_LIMIT, queryKeys } from "./query-keys";

export type AccessGrant = Wire<typeof accessGrant>;

export function useGrants() {
  return useQuery({
    queryKey: queryKeys.grants,
    queryFn: () => api.get<Wire<typeof accessGrantPage>>("/grants", { limit: FULL_LIST_LIMIT }),
    select: (page) => page.data,
    refetchInterval: 10_000,
  });
}

export function useRevokeGrant() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<AccessGrant>(`/grants/${encodeURIComponent(id)}/revoke`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.grants }),
  });
}

"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { apiKey, apiKeyCreate, apiKeyCreated, apiKeyPage } from "@/lib/api/schemas/identities";
import { api, type Body, type Wire } from "@/lib/api/client";
import { FULL_LIST_LIMIT, queryKeys } from "./query-keys";

export type ApiKey = Wire<typeof apiKey>;
export type ApiKeyCreated = Wire<typeof apiKeyCreated>;
export type ApiKeyCreate = Body<typeof apiKeyCreate>;

export function useKeys(includeRevoked: boolean) {
  return useQuery({
    queryKey: [...queryKeys.keys, { includeRevoked }],
    queryFn: () => api.get<Wire<typeof apiKeyPage>>("/keys", { limit: FULL_LIST_LIMIT, includeRevoked: includeRevoked ? "true" : undefined }),
    select: (page) => page.data,
  });
}

/** The answer carries the key itself, once: the caller must show it now or never. */
export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: ApiKeyCreate) => api.post<ApiKeyCreated>("/keys", body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.keys }),
  });
}

export function useRevokeKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<ApiKey>(`/keys/${encodeURIComponent(id)}/revoke`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.keys }),
  });
}

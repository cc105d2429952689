"use client";
// Personal access tokens for the REST API (alt_…).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { accessToken, accessTokenCreate, accessTokenCreated, accessTokenPage } from "@/lib/api/schemas/identities";
import { api, type Body, type Wire } from "@/lib/api/client";
import { FULL_LIST_LIMIT, queryKeys } from "./query-keys";

export type AccessToken = Wire<typeof accessToken>;
export type AccessTokenCreated = Wire<typeof accessTokenCreated>;

export function useTokens() {
  return useQuery({
    queryKey: queryKeys.tokens,
    queryFn: () => api.get<Wire<typeof accessTokenPage>>("/tokens", { limit: FULL_LIST_LIMIT }),
    select: (page) => page.data,
  });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof accessTokenCreate>) => api.post<AccessTokenCreated>("/tokens", body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.post<AccessToken>(`/tokens/${encodeURIComponent(id)}/revoke`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.tokens }),
  });
}

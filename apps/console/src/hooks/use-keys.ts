"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type ApiKeyInput } from "@/lib/api/client";
import { qk } from "./keys";

export function useKeys() {
  return useQuery({ queryKey: qk.keys, queryFn: () => api.keys.list({ limit: 200 }) });
}

export function useCreateKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: ApiKeyInput) => api.keys.create(input),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.keys }),
  });
}

export function useRevokeKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.keys.revoke(id),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.keys }),
  });
}

export function useTokens() {
  return useQuery({ queryKey: qk.tokens, queryFn: () => api.tokens.list({ limit: 200 }) });
}

export function useCreateToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { name: string; expiresInDays?: number }) => api.tokens.create(input),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.tokens }),
  });
}

export function useRevokeToken() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.tokens.revoke(id),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.tokens }),
  });
}

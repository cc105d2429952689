"use client";
import type { apiKey, apiKeyCreate, apiKeyCreated, apiKeyPage } from "@/lib/api/schemas/identities";
import { api, type Body, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { resourcePath, useFullList, useInvalidatingMutation } from "./resource";

export type ApiKey = Wire<typeof apiKey>;
export type ApiKeyCreated = Wire<typeof apiKeyCreated>;
export type ApiKeyCreate = Body<typeof apiKeyCreate>;

export function useKeys(includeRevoked: boolean) {
  return useFullList<Wire<typeof apiKeyPage>>([...queryKeys.keys, { includeRevoked }], "/keys", {
    query: { includeRevoked: includeRevoked ? "true" : undefined },
  });
}

/** The answer carries the key itself, once: the caller must show it now or never. */
export function useCreateKey() {
  return useInvalidatingMutation((body: ApiKeyCreate) => api.post<ApiKeyCreated>("/keys", body), [queryKeys.keys]);
}

export function useRevokeKey() {
  return useInvalidatingMutation((id: string) => api.post<ApiKey>(resourcePath("/keys", id, "revoke")), [queryKeys.keys]);
}

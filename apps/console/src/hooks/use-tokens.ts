"use client";
// Personal access tokens for the REST API (alt_…).
import type { accessToken, accessTokenCreate, accessTokenCreated, accessTokenPage } from "@/lib/api/schemas/identities";
import { api, type Body, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { resourcePath, useFullList, useInvalidatingMutation } from "./resource";

export type AccessToken = Wire<typeof accessToken>;
export type AccessTokenCreated = Wire<typeof accessTokenCreated>;

export function useTokens() {
  return useFullList<Wire<typeof accessTokenPage>>(queryKeys.tokens, "/tokens");
}

export function useCreateToken() {
  return useInvalidatingMutation((body: Body<typeof accessTokenCreate>) => api.post<AccessTokenCreated>("/tokens", body), [queryKeys.tokens]);
}

export function useRevokeToken() {
  return useInvalidatingMutation((id: string) => api.post<AccessToken>(resourcePath("/tokens", id, "revoke")), [queryKeys.tokens]);
}

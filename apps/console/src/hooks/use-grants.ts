"use client";
// Access grants made by "approve for N minutes".
import type { accessGrant, accessGrantPage } from "@/lib/api/schemas/approvals";
import { api, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { resourcePath, useFullList, useInvalidatingMutation } from "./resource";

export type AccessGrant = Wire<typeof accessGrant>;

export function useGrants() {
  return useFullList<Wire<typeof accessGrantPage>>(queryKeys.grants, "/grants", { refetchInterval: 10_000 });
}

export function useRevokeGrant() {
  return useInvalidatingMutation((id: string) => api.post<AccessGrant>(resourcePath("/grants", id, "revoke")), [queryKeys.grants]);
}

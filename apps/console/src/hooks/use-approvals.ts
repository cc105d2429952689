"use client";
import { useQuery } from "@tanstack/react-query";
import type { approval, approvalPage, approvalStatus } from "@/lib/api/schemas/approvals";
import { api, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { resourcePath, useFullList, useInvalidatingMutation } from "./resource";

export type Approval = Wire<typeof approval>;
export type ApprovalStatus = Wire<typeof approvalStatus>;

/** Pending requests are polled every second so they appear and disappear without a reload. */
export const APPROVALS_POLL_MS = 1_000;

export function useApprovals(status: ApprovalStatus | undefined, options: { live?: boolean; limit?: number; enabled?: boolean } = {}) {
  const limit = options.limit ?? 100;
  return useFullList<Wire<typeof approvalPage>>([...queryKeys.approvals, { status, limit }], "/approvals", {
    query: { status, limit },
    enabled: options.enabled ?? true,
    refetchInterval: options.live ? APPROVALS_POLL_MS : false,
  });
}

/** The navigation's pending count: live, but a little less eager than the inbox itself. */
const NAV_POLL_MS = 5_000;

export function usePendingApprovalCount(enabled: boolean) {
  const { data } = useQuery({
    queryKey: [...queryKeys.approvals, { status: "pending", limit: 200 }],
    queryFn: () => api.get<Wire<typeof approvalPage>>("/approvals", { status: "pending", limit: 200 }),
    select: (page) => page.data.length,
    refetchInterval: NAV_POLL_MS,
    enabled,
  });
  return data;
}

export function useApprove() {
  return useInvalidatingMutation(
    ({ id, grantMinutes }: { id: string; grantMinutes?: number }) => api.post<Approval>(resourcePath("/approvals", id, "approve"), grantMinutes ? { grantMinutes } : {}),
    [queryKeys.approvals, queryKeys.grants],
  );
}

export function useDeny() {
  return useInvalidatingMutation(({ id, reason }: { id: string; reason: string }) => api.post<Approval>(resourcePath("/approvals", id, "deny"), { reason }), [queryKeys.approvals]);
}

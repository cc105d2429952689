"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { approval, approvalPage, approvalStatus } from "@/lib/api/schemas/approvals";
import { api, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";

export type Approval = Wire<typeof approval>;
export type ApprovalStatus = Wire<typeof approvalStatus>;

/** Pending requests are polled every second so they appear and disappear without a reload. */
export const APPROVALS_POLL_MS = 1_000;

export function useApprovals(status: ApprovalStatus | undefined, options: { live?: boolean; limit?: number; enabled?: boolean } = {}) {
  const limit = options.limit ?? 100;
  return useQuery({
    queryKey: [...queryKeys.approvals, { status, limit }],
    queryFn: () => api.get<Wire<typeof approvalPage>>("/approvals", { status, limit }),
    select: (page) => page.data,
    refetchInterval: options.live ? APPROVALS_POLL_MS : false,
    enabled: options.enabled ?? true,
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
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, grantMinutes }: { id: string; grantMinutes?: number }) =>
      api.post<Approval>(`/approvals/${encodeURIComponent(id)}/approve`, grantMinutes ? { grantMinutes } : {}),
    onSuccess: () => Promise.all([client.invalidateQueries({ queryKey: queryKeys.approvals }), client.invalidateQueries({ queryKey: queryKeys.grants })]),
  });
}

export function useDeny() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, reason }: { id: string; reason: string }) => api.post<Approval>(`/approvals/${encodeURIComponent(id)}/deny`, { reason }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.approvals }),
  });
}

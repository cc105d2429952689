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

/** The live pending count for the navigation. */
export function usePendingApprovalCount(enabled: boolean) {
  const { data } = useApprovals("pending", { live: true, limit: 200, enabled });
  return data?.length;
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

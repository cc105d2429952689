"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { approvalPolicy, approvalPolicyCreate, approvalPolicyPage } from "@/lib/api/schemas/rules";
import { api, type Body, type Wire } from "@/lib/api/client";
import { FULL_LIST_LIMIT, queryKeys } from "./query-keys";

export type ApprovalPolicy = Wire<typeof approvalPolicy>;
export type ApprovalPolicyCreate = Body<typeof approvalPolicyCreate>;

export function useApprovalPolicies() {
  return useQuery({
    queryKey: queryKeys.approvalPolicies,
    queryFn: () => api.get<Wire<typeof approvalPolicyPage>>("/approval-policies", { limit: FULL_LIST_LIMIT }),
    select: (page) => page.data,
  });
}

export function useSaveApprovalPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: ApprovalPolicyCreate & { id?: string }) =>
      id
        ? api.patch<ApprovalPolicy>(`/approval-policies/${encodeURIComponent(id)}`, body)
        : api.post<ApprovalPolicy>("/approval-policies", body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.approvalPolicies }),
  });
}

export function useDeleteApprovalPolicy() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/approval-policies/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.approvalPolicies }),
  });
}

"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api } from "@/lib/api/client";
import { qk } from "./keys";

export function useApprovals(status: string) {
  return useQuery({
    queryKey: qk.approvals(status),
    queryFn: () => api.approvals.list({ status: status || undefined, limit: 100 }),
    // The inbox is live: held requests time out in minutes.
    refetchInterval: status === "pending" ? 5_000 : false,
  });
}

export function useDecideApproval() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: { id: string; decision: "approve"; grantMinutes?: number } | { id: string; decision: "deny"; reason: string }) =>
      input.decision === "approve" ? api.approvals.approve(input.id, input.grantMinutes) : api.approvals.deny(input.id, input.reason),
    onSuccess: () => client.invalidateQueries({ queryKey: ["approvals"] }),
  });
}

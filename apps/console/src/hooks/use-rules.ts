"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { api, type GuardrailPreviewInput, type GuardrailRuleInput, type MaskingPreviewInput, type MaskingRuleInput } from "@/lib/api/client";
import { qk } from "./keys";

export function useMaskingRules() {
  return useQuery({ queryKey: qk.maskingRules, queryFn: () => api.maskingRules.list({ limit: 200 }) });
}

export function useGuardrailRules() {
  return useQuery({ queryKey: qk.guardrailRules, queryFn: () => api.guardrailRules.list({ limit: 200 }) });
}

export function useApprovalPolicies() {
  return useQuery({ queryKey: qk.approvalPolicies, queryFn: () => api.approvalPolicies.list({ limit: 200 }) });
}

export function useCreateMaskingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: MaskingRuleInput) => api.maskingRules.create(input),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.maskingRules }),
  });
}

export function useDeleteMaskingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.maskingRules.remove(id),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.maskingRules }),
  });
}

export function useCreateGuardrailRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (input: GuardrailRuleInput) => api.guardrailRules.create(input),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.guardrailRules }),
  });
}

export function useDeleteGuardrailRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.guardrailRules.remove(id),
    onSuccess: () => client.invalidateQueries({ queryKey: qk.guardrailRules }),
  });
}

export function usePreviewMasking() {
  return useMutation({ mutationFn: (input: MaskingPreviewInput) => api.maskingRules.preview(input) });
}

export function usePreviewGuardrail() {
  return useMutation({ mutationFn: (input: GuardrailPreviewInput) => api.guardrailRules.preview(input) });
}

"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { guardrailPreviewRequest, guardrailRule, guardrailRuleCreate, guardrailRulePage, guardrailVerdict } from "@/lib/api/schemas/rules";
import { api, type Body, type Wire } from "@/lib/api/client";
import { FULL_LIST_LIMIT, queryKeys } from "./query-keys";

export type GuardrailRule = Wire<typeof guardrailRule>;
export type GuardrailRuleCreate = Body<typeof guardrailRuleCreate>;
export type GuardrailPreviewRequest = Body<typeof guardrailPreviewRequest>;
export type GuardrailVerdict = Wire<typeof guardrailVerdict>;

export function useGuardrailRules() {
  return useQuery({
    queryKey: queryKeys.guardrailRules,
    queryFn: () => api.get<Wire<typeof guardrailRulePage>>("/guardrail-rules", { limit: FULL_LIST_LIMIT }),
    select: (page) => page.data,
  });
}

export function useSaveGuardrailRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: GuardrailRuleCreate & { id?: string }) =>
      id ? api.patch<GuardrailRule>(`/guardrail-rules/${encodeURIComponent(id)}`, body) : api.post<GuardrailRule>("/guardrail-rules", body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.guardrailRules }),
  });
}

export function useDeleteGuardrailRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/guardrail-rules/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.guardrailRules }),
  });
}

/** The verdict the gateway's guardrail code gives `sample` under the draft rule. */
export function useGuardrailPreview(request: GuardrailPreviewRequest | null) {
  return useQuery({
    queryKey: [...queryKeys.guardrailRules, "preview", request],
    queryFn: () => api.post<GuardrailVerdict>("/guardrail-rules/preview", request),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
  });
}

"use client";
import { keepPreviousData, useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { maskingPreviewRequest, maskingPreviewResult, maskingRule, maskingRuleCreate, maskingRulePage, maskingRuleUpdate } from "@/lib/api/schemas/rules";
import { api, type Body, type Wire } from "@/lib/api/client";
import { FULL_LIST_LIMIT, queryKeys } from "./query-keys";

export type MaskingRule = Wire<typeof maskingRule>;
export type MaskingRuleCreate = Body<typeof maskingRuleCreate>;
export type MaskingPreviewRequest = Body<typeof maskingPreviewRequest>;
export type MaskingPreviewResult = Wire<typeof maskingPreviewResult>;

export function useMaskingRules() {
  return useQuery({
    queryKey: queryKeys.maskingRules,
    queryFn: () => api.get<Wire<typeof maskingRulePage>>("/masking-rules", { limit: FULL_LIST_LIMIT }),
    select: (page) => page.data,
  });
}

export function useSaveMaskingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, ...body }: MaskingRuleCreate & { id?: string }) =>
      id
        ? api.patch<MaskingRule>(`/masking-rules/${encodeURIComponent(id)}`, body satisfies Body<typeof maskingRuleUpdate>)
        : api.post<MaskingRule>("/masking-rules", body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.maskingRules }),
  });
}

export function useDeleteMaskingRule() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/masking-rules/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.maskingRules }),
  });
}

/** What the gateway's masking code does to `sample` under the draft rule; null while there is nothing to preview. */
export function useMaskingPreview(request: MaskingPreviewRequest | null) {
  return useQuery({
    queryKey: [...queryKeys.maskingRules, "preview", request],
    queryFn: () => api.post<MaskingPreviewResult>("/masking-rules/preview", request),
    enabled: request !== null,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: Infinity,
  });
}

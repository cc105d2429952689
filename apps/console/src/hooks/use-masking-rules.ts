"use client";
import type { maskingPreviewRequest, maskingPreviewResult, maskingRule, maskingRuleCreate, maskingRulePage } from "@/lib/api/schemas/rules";
import type { Body, Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { deleteFrom, saveTo, useFullList, useInvalidatingMutation } from "./resource";
import { useRulePreview } from "./use-rule-preview";

export type MaskingRule = Wire<typeof maskingRule>;
export type MaskingRuleCreate = Body<typeof maskingRuleCreate>;
export type MaskingPreviewRequest = Body<typeof maskingPreviewRequest>;
export type MaskingPreviewResult = Wire<typeof maskingPreviewResult>;

export function useMaskingRules() {
  return useFullList<Wire<typeof maskingRulePage>>(queryKeys.maskingRules, "/masking-rules");
}

export function useSaveMaskingRule() {
  return useInvalidatingMutation(saveTo<MaskingRuleCreate, MaskingRule>("/masking-rules"), [queryKeys.maskingRules]);
}

export function useDeleteMaskingRule() {
  return useInvalidatingMutation(deleteFrom("/masking-rules"), [queryKeys.maskingRules]);
}

/** What the gateway's masking code does to `sample` under the draft rule; null while there is nothing to preview. */
export function useMaskingPreview(request: MaskingPreviewRequest | null) {
  return useRulePreview<MaskingPreviewRequest, MaskingPreviewResult>(queryKeys.maskingRules, "/masking-rules/preview", request);
}

"use client";
import type { guardrailPreviewRequest, guardrailRule, guardrailRuleCreate, guardrailRulePage, guardrailVerdict } from "@/lib/api/schemas/rules";
import type { Body, Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { deleteFrom, saveTo, useFullList, useInvalidatingMutation } from "./resource";
import { useRulePreview } from "./use-rule-preview";

export type GuardrailRule = Wire<typeof guardrailRule>;
export type GuardrailRuleCreate = Body<typeof guardrailRuleCreate>;
export type GuardrailPreviewRequest = Body<typeof guardrailPreviewRequest>;
export type GuardrailVerdict = Wire<typeof guardrailVerdict>;

export function useGuardrailRules() {
  return useFullList<Wire<typeof guardrailRulePage>>(queryKeys.guardrailRules, "/guardrail-rules");
}

export function useSaveGuardrailRule() {
  return useInvalidatingMutation(saveTo<GuardrailRuleCreate, GuardrailRule>("/guardrail-rules"), [queryKeys.guardrailRules]);
}

export function useDeleteGuardrailRule() {
  return useInvalidatingMutation(deleteFrom("/guardrail-rules"), [queryKeys.guardrailRules]);
}

/** The verdict the gateway's guardrail code gives `sample` under the draft rule. */
export function useGuardrailPreview(request: GuardrailPreviewRequest | null) {
  return useRulePreview<GuardrailPreviewRequest, GuardrailVerdict>(queryKeys.guardrailRules, "/guardrail-rules/preview", request);
}

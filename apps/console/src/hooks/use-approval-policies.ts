"use client";
import type { approvalPolicy, approvalPolicyCreate, approvalPolicyPage } from "@/lib/api/schemas/rules";
import type { Body, Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { deleteFrom, saveTo, useFullList, useInvalidatingMutation } from "./resource";

export type ApprovalPolicy = Wire<typeof approvalPolicy>;
export type ApprovalPolicyCreate = Body<typeof approvalPolicyCreate>;

export function useApprovalPolicies() {
  return useFullList<Wire<typeof approvalPolicyPage>>(queryKeys.approvalPolicies, "/approval-policies");
}

export function useSaveApprovalPolicy() {
  return useInvalidatingMutation(saveTo<ApprovalPolicyCreate, ApprovalPolicy>("/approval-policies"), [queryKeys.approvalPolicies]);
}

export function useDeleteApprovalPolicy() {
  return useInvalidatingMutation(deleteFrom("/approval-policies"), [queryKeys.approvalPolicies]);
}

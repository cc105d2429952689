import { deleteApprovalPolicy, getApprovalPolicy, updateApprovalPolicy } from "@/server/routes/approval-policies";

export const DELETE = deleteApprovalPolicy;
export const GET = getApprovalPolicy;
export const PATCH = updateApprovalPolicy;

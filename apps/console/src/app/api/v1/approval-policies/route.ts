import { createApprovalPolicy, listApprovalPolicies } from "@/server/routes/approval-policies";

export const POST = createApprovalPolicy;
export const GET = listApprovalPolicies;

import { getApproval } from "@/server/routes/approvals";

export const GET = getApproval;

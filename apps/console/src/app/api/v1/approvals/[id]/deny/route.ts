import { denyApproval } from "@/server/routes/approvals";

export const POST = denyApproval;

import { approveApproval } from "@/server/routes/approvals";

export const POST = approveApproval;

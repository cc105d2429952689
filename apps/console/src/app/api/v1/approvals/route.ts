import { listApprovals } from "@/server/routes/approvals";

export const GET = listApprovals;

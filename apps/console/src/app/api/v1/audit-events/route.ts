import { listAuditEvents } from "@/server/routes/admin";

export const GET = listAuditEvents;

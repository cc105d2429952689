import { exportSession } from "@/server/routes/sessions";

export const GET = exportSession;

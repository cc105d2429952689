import { getSession } from "@/server/routes/sessions";

export const GET = getSession;

import { listSessionsRoute } from "@/server/routes/sessions";

export const GET = listSessionsRoute;

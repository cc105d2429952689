import { verifySessionRoute } from "@/server/routes/sessions";

export const GET = verifySessionRoute;

import { getOpenApi } from "@/server/routes/openapi";

export const GET = getOpenApi;

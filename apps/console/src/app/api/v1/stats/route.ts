import { getStats } from "@/server/routes/stats";

export const GET = getStats;

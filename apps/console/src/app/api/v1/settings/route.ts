import { getSettings, updateSettings } from "@/server/routes/admin";

export const GET = getSettings;
export const PATCH = updateSettings;

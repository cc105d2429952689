import { getKey } from "@/server/routes/keys";

export const GET = getKey;

import { createKey, listKeys } from "@/server/routes/keys";

export const POST = createKey;
export const GET = listKeys;

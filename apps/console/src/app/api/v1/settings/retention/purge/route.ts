import { purgeNow } from "@/server/routes/admin";

export const POST = purgeNow;

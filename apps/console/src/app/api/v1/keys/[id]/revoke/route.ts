import { revokeKey } from "@/server/routes/keys";

export const POST = revokeKey;

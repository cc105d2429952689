import { revokeToken } from "@/server/routes/tokens";

export const POST = revokeToken;

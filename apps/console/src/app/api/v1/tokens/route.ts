import { createToken, listTokens } from "@/server/routes/tokens";

export const POST = createToken;
export const GET = listTokens;

import { revokeGrant } from "@/server/routes/grants";

export const POST = revokeGrant;

import { createConnectionGrant, listConnectionGrants } from "@/server/routes/connections";

export const POST = createConnectionGrant;
export const GET = listConnectionGrants;

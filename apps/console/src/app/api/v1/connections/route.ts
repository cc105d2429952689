import { createConnection, listConnections } from "@/server/routes/connections";

export const POST = createConnection;
export const GET = listConnections;

import { testConnection } from "@/server/routes/connections";

export const POST = testConnection;

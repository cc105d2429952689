import { deleteConnection, getConnection, updateConnection } from "@/server/routes/connections";

export const DELETE = deleteConnection;
export const GET = getConnection;
export const PATCH = updateConnection;

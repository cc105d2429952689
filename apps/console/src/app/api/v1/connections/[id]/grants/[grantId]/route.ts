import { deleteConnectionGrant } from "@/server/routes/connections";

export const DELETE = deleteConnectionGrant;

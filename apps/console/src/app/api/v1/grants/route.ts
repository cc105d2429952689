import { listGrants } from "@/server/routes/grants";

export const GET = listGrants;

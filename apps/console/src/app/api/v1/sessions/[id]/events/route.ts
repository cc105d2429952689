import { listSessionEvents } from "@/server/routes/sessions";

export const GET = listSessionEvents;

import { replaySession } from "@/server/routes/sessions";

export const GET = replaySession;

import { getMe } from "@/server/routes/users";

export const GET = getMe;

import { getUser, updateUser } from "@/server/routes/users";

export const GET = getUser;
export const PATCH = updateUser;

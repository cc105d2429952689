import { createUser, listUsers } from "@/server/routes/users";

export const POST = createUser;
export const GET = listUsers;

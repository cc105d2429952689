import { deleteServiceAccount, getServiceAccount, updateServiceAccount } from "@/server/routes/service-accounts";

export const DELETE = deleteServiceAccount;
export const GET = getServiceAccount;
export const PATCH = updateServiceAccount;

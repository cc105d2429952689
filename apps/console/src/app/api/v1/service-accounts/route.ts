import { createServiceAccount, listServiceAccounts } from "@/server/routes/service-accounts";

export const POST = createServiceAccount;
export const GET = listServiceAccounts;

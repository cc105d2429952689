import { createWebhook, listWebhooks } from "@/server/routes/admin";

export const POST = createWebhook;
export const GET = listWebhooks;

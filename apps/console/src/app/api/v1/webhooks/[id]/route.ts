import { deleteWebhook, getWebhook, updateWebhook } from "@/server/routes/admin";

export const DELETE = deleteWebhook;
export const GET = getWebhook;
export const PATCH = updateWebhook;

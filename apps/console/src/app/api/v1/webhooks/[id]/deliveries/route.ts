import { listWebhookDeliveries } from "@/server/routes/admin";

export const GET = listWebhookDeliveries;

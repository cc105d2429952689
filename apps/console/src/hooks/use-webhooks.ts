"use client";
import type { webhook, webhookCreate, webhookDelivery, webhookDeliveryPage, webhookPage } from "@/lib/api/schemas/admin";
import { api, type Body, type Wire } from "@/lib/api/client";
import { queryKeys } from "./query-keys";
import { deleteFrom, resourcePath, useFullList, useInvalidatingMutation } from "./resource";

export type Webhook = Wire<typeof webhook>;
export type WebhookDelivery = Wire<typeof webhookDelivery>;

export function useWebhooks(enabled = true) {
  return useFullList<Wire<typeof webhookPage>>(queryKeys.webhooks, "/webhooks", { enabled });
}

/** Recent deliveries of one endpoint; refreshed while visible since retries happen in the background. */
export function useWebhookDeliveries(webhookId: string) {
  return useFullList<Wire<typeof webhookDeliveryPage>>([...queryKeys.webhooks, webhookId, "deliveries"], resourcePath("/webhooks", webhookId, "deliveries"), {
    query: { limit: 20 },
    refetchInterval: 5_000,
  });
}

export function useCreateWebhook() {
  return useInvalidatingMutation((body: Body<typeof webhookCreate>) => api.post<Webhook>("/webhooks", body), [queryKeys.webhooks]);
}

export function useSetWebhookEnabled() {
  return useInvalidatingMutation(({ id, enabled }: { id: string; enabled: boolean }) => api.patch<Webhook>(resourcePath("/webhooks", id), { enabled }), [queryKeys.webhooks]);
}

export function useDeleteWebhook() {
  return useInvalidatingMutation(deleteFrom("/webhooks"), [queryKeys.webhooks]);
}

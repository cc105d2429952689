"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { webhook, webhookCreate, webhookDelivery, webhookDeliveryPage, webhookPage } from "@/lib/api/schemas/admin";
import { api, type Body, type Wire } from "@/lib/api/client";
import { FULL_LIST_LIMIT, queryKeys } from "./query-keys";

export type Webhook = Wire<typeof webhook>;
export type WebhookDelivery = Wire<typeof webhookDelivery>;

export function useWebhooks(enabled = true) {
  return useQuery({
    queryKey: queryKeys.webhooks,
    queryFn: () => api.get<Wire<typeof webhookPage>>("/webhooks", { limit: FULL_LIST_LIMIT }),
    select: (page) => page.data,
    enabled,
  });
}

/** Recent deliveries of one endpoint; refreshed while visible since retries happen in the background. */
export function useWebhookDeliveries(webhookId: string) {
  return useQuery({
    queryKey: [...queryKeys.webhooks, webhookId, "deliveries"],
    queryFn: () =>
      api.get<Wire<typeof webhookDeliveryPage>>(`/webhooks/${encodeURIComponent(webhookId)}/deliveries`, { limit: 20 }),
    select: (page) => page.data,
    refetchInterval: 5_000,
  });
}

export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: Body<typeof webhookCreate>) => api.post<Webhook>("/webhooks", body),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}

export function useSetWebhookEnabled() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, enabled }: { id: string; enabled: boolean }) => api.patch<Webhook>(`/webhooks/${encodeURIComponent(id)}`, { enabled }),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api.delete<unknown>(`/webhooks/${encodeURIComponent(id)}`),
    onSuccess: () => client.invalidateQueries({ queryKey: queryKeys.webhooks }),
  });
}

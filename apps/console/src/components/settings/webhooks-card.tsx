"use client";
import { useState } from "react";
import { ApiRequestError } from "@/lib/api/client";
import { useDraft } from "@/hooks/use-draft";
import { useCreateWebhook, useDeleteWebhook, useSetWebhookEnabled, useWebhooks } from "@/hooks/use-webhooks";
import { EmptyState, ErrorAlert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { Card } from "../ui/card";
import { SelectField, TextField } from "../ui/field";
import { Form } from "../ui/form";
import { WebhookDeliveries } from "./webhook-deliveries";

/** Endpoints told about new approval requests, and how their deliveries went. */
export function WebhooksCard({ canWrite }: { canWrite: boolean }) {
  const webhooks = useWebhooks();
  const create = useCreateWebhook();
  const setEnabled = useSetWebhookEnabled();
  const remove = useDeleteWebhook();
  const [open, setOpen] = useState<string | null>(null);
  const [draft, set] = useDraft<{ name: string; url: string; format: "json" | "slack" }>({ name: "", url: "", format: "json" });
  const { name, url, format } = draft;
  const issue = create.error instanceof ApiRequestError ? create.error : null;

  return (
    <Card id="webhooks" title="Webhooks" description="Reviewers hear about pending approvals here (JSON or Slack). URLs are secrets: only a hint is shown.">
      <div className="space-y-4">
        <ErrorAlert error={webhooks.error ?? setEnabled.error ?? remove.error} />
        {webhooks.data && webhooks.data.length > 0 ? (
          <ul aria-label="Webhook endpoints" className="space-y-2">
            {webhooks.data.map((w) => (
              <li key={w.id} className="rounded-md border border-zinc-200 dark:border-zinc-800">
                <div className="flex flex-wrap items-center gap-3 px-3 py-2">
                  <span className="font-medium">{w.name}</span>
                  <span className="font-mono text-xs text-zinc-500">{w.urlHint}</span>
                  <Badge>{w.format}</Badge>
                  {w.enabled ? <Badge tone="green">Enabled</Badge> : <Badge>Disabled</Badge>}
                  <div className="ml-auto flex gap-1">
                    <Button size="sm" variant="ghost" aria-expanded={open === w.id} onClick={() => setOpen(open === w.id ? null : w.id)}>
                      Deliveries
                    </Button>
                    {canWrite ? (
                      <>
                        <Button size="sm" variant="ghost" onClick={() => setEnabled.mutate({ id: w.id, enabled: !w.enabled })}>
                          {w.enabled ? "Disable" : "Enable"}
                        </Button>
                        <Button size="sm" variant="ghost" onClick={() => remove.mutate(w.id)} aria-label={`Delete webhook ${w.name}`}>
                          Delete
                        </Button>
                      </>
                    ) : null}
                  </div>
                </div>
                {open === w.id ? (
                  <div className="border-t border-zinc-200 p-3 dark:border-zinc-800">
                    <WebhookDeliveries webhookId={w.id} />
                  </div>
                ) : null}
              </li>
            ))}
          </ul>
        ) : webhooks.data ? (
          <EmptyState>No webhook endpoints.</EmptyState>
        ) : null}
        {canWrite ? (
          <Form
            aria-label="Add a webhook"
            className="grid gap-3 md:grid-cols-[1fr_2fr_auto_auto] md:items-end"
            onSubmit={() => create.mutate({ name, url, format }, { onSuccess: () => set({ name: "", url: "" }) })}
          >
            <TextField label="Webhook name" required value={name} onChange={(e) => set({ name: e.target.value })} placeholder="#security-approvals" error={issue?.issueFor("name")} />
            <TextField label="URL" type="url" required value={url} onChange={(e) => set({ url: e.target.value })} placeholder="https://hooks.slack.com/services/…" error={issue?.issueFor("url")} />
            <SelectField label="Format" value={format} onChange={(e) => set({ format: e.target.value as "json" | "slack" })}>
              <option value="json">JSON</option>
              <option value="slack">Slack</option>
            </SelectField>
            <Button type="submit" busy={create.isPending}>
              Add webhook
            </Button>
            <ErrorAlert error={create.error} className="md:col-span-4" />
          </Form>
        ) : null}
      </div>
    </Card>
  );
}

"use client";
import { useCan } from "@/hooks/use-me";
import { PageHeader } from "../ui/card";
import { RetentionCard } from "./retention-card";
import { TokensCard } from "./tokens-card";
import { WebhooksCard } from "./webhooks-card";

export function SettingsPage() {
  const canWrite = useCan("settings.write");
  const canPurge = useCan("settings.purge");
  const seesWebhooks = useCan("webhooks.read");
  const canWriteWebhooks = useCan("webhooks.write");
  const hasTokens = useCan("tokens.read");
  return (
    <div className="space-y-6">
      <PageHeader title="Settings" description="Retention, notifications and API access." />
      <RetentionCard canWrite={canWrite} canPurge={canPurge} />
      {seesWebhooks ? <WebhooksCard canWrite={canWriteWebhooks} /> : null}
      {hasTokens ? <TokensCard /> : null}
    </div>
  );
}

// The body each kind of webhook endpoint receives when a request starts waiting for review.
// Built when the delivery is enqueued and stored on the row, so retries send the same bytes.

export type WebhookFormat = "json" | "slack";

export interface PendingApprovalNotice {
  id: string;
  connection: string;
  requester: string;
  policy: string;
  kind: string;
  justification: string | null;
  expiresAt: Date;
  /** Where a reviewer acts on it: `${AIRLOCK_CONSOLE_URL}/approvals?id=<id>`. */
  url: string;
}

export function approvalUrl(consoleUrl: string, id: string): string {
  return `${consoleUrl.replace(/\/+$/, "")}/approvals?id=${encodeURIComponent(id)}`;
}

export function genericPayload(n: PendingApprovalNotice) {
  return {
    event: "approval.pending" as const,
    id: n.id,
    connection: n.connection,
    requester: n.requester,
    policy: n.policy,
    kind: n.kind,
    justification: n.justification,
    expiresAt: n.expiresAt.toISOString(),
    url: n.url,
  };
}

// Slack treats &, < and > as control characters in mrkdwn (links, mentions); requester-supplied
// text must not be able to ping @channel or forge a link.
function slackEscape(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

// Section text is limited to 3,000 characters by Slack; the console has the full text.
function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Slack incoming-webhook body: a plain `text` fallback for notifications plus Block Kit layout. */
export function slackPayload(n: PendingApprovalNotice) {
  const requester = slackEscape(n.requester);
  const connection = slackEscape(n.connection);
  const epoch = Math.floor(n.expiresAt.getTime() / 1000);
  const blocks: unknown[] = [
    { type: "header", text: { type: "plain_text", text: "Approval needed", emoji: false } },
    {
      type: "section",
      fields: [
        { type: "mrkdwn", text: `*Requester*\n${requester}` },
        { type: "mrkdwn", text: `*Connection*\n${connection}` },
        { type: "mrkdwn", text: `*Policy*\n${slackEscape(n.policy)}` },
        { type: "mrkdwn", text: `*Expires*\n<!date^${epoch}^{date_short_pretty} {time}|${n.expiresAt.toISOString()}>` },
      ],
    },
  ];
  if (n.justification) {
    blocks.push({ type: "section", text: { type: "mrkdwn", text: `*Justification*\n${clip(slackEscape(n.justification), 2900)}` } });
  }
  blocks.push({
    type: "actions",
    elements: [{ type: "button", text: { type: "plain_text", text: "Review in Airlock" }, url: n.url, style: "primary", action_id: "airlock_review" }],
  });
  return {
    text: `Approval needed: ${requester} on ${connection} (${n.kind}). Review: <${n.url}|open in Airlock>`,
    blocks,
  };
}

export function webhookPayload(format: string, notice: PendingApprovalNotice): object {
  return format === "slack" ? slackPayload(notice) : genericPayload(notice);
}

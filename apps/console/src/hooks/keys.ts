/** Query keys in one place, so mutations invalidate exactly what they change. */
export const qk = {
  me: ["me"] as const,
  connections: ["connections"] as const,
  keys: ["keys"] as const,
  tokens: ["tokens"] as const,
  sessions: (filters: object) => ["sessions", filters] as const,
  session: (id: string) => ["session", id] as const,
  approvals: (status: string) => ["approvals", status] as const,
  maskingRules: ["masking-rules"] as const,
  guardrailRules: ["guardrail-rules"] as const,
  approvalPolicies: ["approval-policies"] as const,
  audit: (filters: object) => ["audit-events", filters] as const,
  settings: ["settings"] as const,
  webhooks: ["webhooks"] as const,
  stats: (range: object) => ["stats", range] as const,
};

// Every react-query key in one place, so a mutation can invalidate exactly what it changed.
export const queryKeys = {
  me: ["me"] as const,
  connections: ["connections"] as const,
  connectionGrants: (connectionId: string) => ["connections", connectionId, "grants"] as const,
  users: ["users"] as const,
  serviceAccounts: ["service-accounts"] as const,
  keys: ["keys"] as const,
  tokens: ["tokens"] as const,
  sessions: ["sessions"] as const,
  session: (id: string) => ["sessions", id] as const,
  maskingRules: ["masking-rules"] as const,
  guardrailRules: ["guardrail-rules"] as const,
  approvalPolicies: ["approval-policies"] as const,
  approvals: ["approvals"] as const,
  grants: ["grants"] as const,
  auditEvents: ["audit-events"] as const,
  settings: ["settings"] as const,
  webhooks: ["webhooks"] as const,
  stats: ["stats"] as const,
};

/** Lists the UI shows in full (connections, rules, …) are small; one page of this size holds them. */
export const FULL_LIST_LIMIT = 200;

/** Who is calling, after authentication. */
export interface Identity {
  kind: "user" | "service_account";
  /** User or ServiceAccount id. */
  id: string;
  /** Human-readable: e-mail, service-account name. Safe to log and record. */
  label: string;
  /** How they proved it. */
  via: "api_key" | "oidc";
  /** ApiKey id when via api_key. */
  keyId?: string;
  /** Connection ids the credential itself is restricted to (empty: whatever the identity is granted). */
  keyConnectionIds: string[];
  role?: "admin" | "reviewer" | "auditor" | "member";
}

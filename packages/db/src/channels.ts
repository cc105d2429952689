/** PostgreSQL LISTEN/NOTIFY channels that fan changes out to every gateway replica. */
export const NOTIFY = {
  /** Payload: JSON { entity: "connection" | "key" | "rule" | "policy" | "grant" | "service_account" | "user", id?: string } */
  config: "airlock_config",
  /** Payload: JSON { id: string, status: "approved" | "denied" | ... } */
  approvals: "airlock_approvals",
} as const;

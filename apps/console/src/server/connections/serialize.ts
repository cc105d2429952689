import { controlsFor } from "./controls";

interface ConnectionRow {
  id: string;
  name: string;
  kind: "openai" | "anthropic" | "http" | "postgres";
  upstreamUrl: string;
  credentialHint: string | null;
  authHeader: string | null;
  options: unknown;
  enabled: boolean;
  allowPrivateNetwork: boolean;
  retentionDays: number | null;
  createdAt: Date;
  updatedAt: Date;
}

/** The API's view of a connection: the credential itself never leaves the database. */
export function serializeConnection(row: ConnectionRow) {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind,
    upstreamUrl: row.upstreamUrl,
    hasCredential: row.credentialHint !== null,
    credentialHint: row.credentialHint,
    authHeader: row.authHeader,
    options: row.options,
    enabled: row.enabled,
    allowPrivateNetwork: row.allowPrivateNetwork,
    retentionDays: row.retentionDays,
    controls: controlsFor(row.kind),
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

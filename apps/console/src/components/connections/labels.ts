import type { Connection } from "@/hooks/use-connections";

export type ConnectionKind = Connection["kind"];
export type ControlId = Connection["controls"][number];

export const KIND_LABELS: Record<ConnectionKind, string> = {
  openai: "OpenAI-compatible",
  anthropic: "Anthropic",
  http: "REST API",
  postgres: "PostgreSQL",
};

export const KIND_URL_PLACEHOLDER: Record<ConnectionKind, string> = {
  openai: "https://api.openai.com",
  anthropic: "https://api.anthropic.com",
  http: "https://internal.example.com/api",
  postgres: "postgres://db.internal:5432/app",
};

export const CONTROL_LABELS: Record<ControlId, string> = {
  recording: "Session recording",
  approval: "Human approval",
  "masking.request": "Mask requests",
  "masking.response": "Mask responses",
  "masking.streaming": "Mask streams",
  "masking.columns": "Mask columns",
  pseudonymize: "Pseudonymize",
  "guardrail.prompt": "Prompt guardrails",
  "guardrail.tool_call": "Tool-call guardrails",
  "guardrail.model_allowlist": "Model allow-list",
  "guardrail.sql": "SQL guardrails",
};

/** Where clients point: the gateway path for this connection (plus /v1 for the LLM APIs). */
export function clientBaseUrl(gatewayUrl: string, connection: Pick<Connection, "name" | "kind">): string {
  const base = `${gatewayUrl.replace(/\/$/, "")}/c/${connection.name}`;
  return connection.kind === "openai" || connection.kind === "anthropic" ? `${base}/v1` : base;
}

// Which controls each kind of connection can enforce, shown with every connection and used to
// refuse rules a connection cannot apply (rather than let them be skipped silently).
import type { z } from "zod";
import type { connectionKind, controlId } from "@/lib/api/schemas/connections";
import { badRequest } from "../errors";

type Kind = z.infer<typeof connectionKind>;
type Control = z.infer<typeof controlId>;

export const CONTROLS: Record<Kind, readonly Control[]> = {
  openai: [
    "recording", "approval", "masking.request", "masking.response", "masking.streaming", "pseudonymize",
    "guardrail.prompt", "guardrail.tool_call", "guardrail.model_allowlist",
  ],
  anthropic: [
    "recording", "approval", "masking.request", "masking.response", "masking.streaming", "pseudonymize",
    "guardrail.prompt", "guardrail.tool_call", "guardrail.model_allowlist",
  ],
  http: ["recording", "approval", "masking.request", "masking.response", "guardrail.prompt"],
  postgres: ["recording", "approval", "masking.request", "masking.response", "masking.columns", "guardrail.sql"],
};

export function controlsFor(kind: Kind): Control[] {
  return [...CONTROLS[kind]];
}

const GUARDRAIL_CONTROL: Record<string, Control> = {
  prompt: "guardrail.prompt",
  tool_call: "guardrail.tool_call",
  model_allowlist: "guardrail.model_allowlist",
  sql: "guardrail.sql",
};

/** Throws 400 when a connection of this kind cannot enforce the control. */
export function assertEnforceable(connection: { name: string; kind: Kind }, control: Control): void {
  if (!CONTROLS[connection.kind].includes(control)) {
    throw badRequest(`connection '${connection.name}' (${connection.kind}) cannot enforce ${control}; it supports: ${CONTROLS[connection.kind].join(", ")}`);
  }
}

export function guardrailControl(kind: string): Control {
  const control = GUARDRAIL_CONTROL[kind];
  if (!control) throw badRequest(`unknown guardrail kind '${kind}'`);
  return control;
}

import { previewGuardrailRule } from "@/server/routes/guardrail-rules";

export const POST = previewGuardrailRule;

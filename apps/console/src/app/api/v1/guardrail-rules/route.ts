import { createGuardrailRule, listGuardrailRules } from "@/server/routes/guardrail-rules";

export const POST = createGuardrailRule;
export const GET = listGuardrailRules;

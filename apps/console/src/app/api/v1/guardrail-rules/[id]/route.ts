import { deleteGuardrailRule, getGuardrailRule, updateGuardrailRule } from "@/server/routes/guardrail-rules";

export const DELETE = deleteGuardrailRule;
export const GET = getGuardrailRule;
export const PATCH = updateGuardrailRule;

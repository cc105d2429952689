import { createMaskingRule, listMaskingRules } from "@/server/routes/masking-rules";

export const POST = createMaskingRule;
export const GET = listMaskingRules;

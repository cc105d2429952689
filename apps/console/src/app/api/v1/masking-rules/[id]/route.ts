import { deleteMaskingRule, getMaskingRule, updateMaskingRule } from "@/server/routes/masking-rules";

export const DELETE = deleteMaskingRule;
export const GET = getMaskingRule;
export const PATCH = updateMaskingRule;

import { previewMaskingRule } from "@/server/routes/masking-rules";

export const POST = previewMaskingRule;

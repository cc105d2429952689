import { z } from "zod";
import { id, page, timestamp } from "./common";
import { role } from "./identities";

/** Mirrors BUILTIN_DETECTORS of @airlock/policy (test/policy-contract.test.ts keeps them equal). */
export const DETECTOR_IDS = ["email", "phone", "payment_card", "iban", "us_ssn", "ipv4", "ipv6", "secret_key", "jwt"] as const;
export const detectorId = z.enum(DETECTOR_IDS);
export const SQL_CLASSES = [
  "select", "insert", "update", "delete", "merge", "ddl_create", "ddl_alter", "ddl_drop", "truncate", "grant", "revoke",
  "copy_to", "copy_from", "copy_program", "transaction", "set", "show", "explain", "call", "other",
] as const;
export const sqlClass = z.enum(SQL_CLASSES);
export const direction = z.enum(["request", "response"]);
export const maskStyle = z.enum(["label", "partial", "hash", "pseudonym"]);

const directions = z.array(direction).min(1).max(2);
const pattern = z.string().min(1).max(512).describe("a JavaScript regular expression; vetted for catastrophic backtracking");
const flags = z.string().regex(/^[imsu]*$/, "only the flags i, m, s and u").max(4);
const names = z.array(z.string().min(1).max(200)).max(100);

// Masking rules ---------------------------------------------------------------------------------
// Update schemas are the fields without defaults, all optional (zod applies defaults even inside
// .partial(), which would reset fields a PATCH did not mention); create schemas add the defaults.
const maskingFields = {
  name: z.string().min(1).max(200),
  connectionId: id.nullable().describe("null: every connection"),
  detector: z.union([detectorId, z.literal("regex")]),
  pattern: pattern.nullable(),
  flags: flags.nullable(),
  label: z.string().regex(/^[A-Z0-9_]{1,40}$/, "upper-case letters, digits and _").nullable(),
  directions,
  style: maskStyle,
  columns: names.describe("Postgres results: column-name globs masked whatever they contain"),
  enabled: z.boolean(),
  priority: z.number().int().min(0).max(10_000),
};
export const maskingRuleUpdate = z.object(maskingFields).partial();
export const maskingRuleCreate = z.object({
  ...maskingFields,
  connectionId: maskingFields.connectionId.default(null),
  pattern: maskingFields.pattern.optional(),
  flags: maskingFields.flags.optional(),
  label: maskingFields.label.optional(),
  directions: directions.default(["request", "response"]),
  style: maskStyle.default("label"),
  columns: maskingFields.columns.default([]),
  enabled: z.boolean().default(true),
  priority: maskingFields.priority.default(100),
});
export const maskingRule = z.object({
  id,
  name: z.string(),
  connectionId: z.string().nullable(),
  detector: z.string(),
  pattern: z.string().nullable(),
  flags: z.string().nullable(),
  label: z.string().nullable(),
  directions: z.array(z.string()),
  style: maskStyle,
  columns: z.array(z.string()),
  enabled: z.boolean(),
  priority: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const maskingRulePage = page(maskingRule);
export const maskingPreviewRequest = z.object({
  rule: maskingRuleCreate.omit({ name: true, connectionId: true }).extend({ name: z.string().max(200).default("preview") }),
  sample: z.string().max(100_000),
  direction: direction.optional().describe("defaults to the rule's first direction"),
});
export const maskingPreviewResult = z.object({
  text: z.string(),
  findings: z.array(z.object({ detector: z.string(), start: z.number().int(), end: z.number().int() })),
});

// Guardrail rules -------------------------------------------------------------------------------
export const guardrailKind = z.enum(["tool_call", "prompt", "model_allowlist", "sql"]);
const guardrailFields = {
  name: z.string().min(1).max(200),
  connectionId: id.nullable().describe("null: every connection that can enforce it"),
  kind: guardrailKind,
  directions,
  builtin: z.enum(["shell", "destructive_sql"]).nullable(),
  toolNames: names,
  pattern: pattern.nullable(),
  flags: flags.nullable(),
  models: names,
  sqlClasses: z.array(sqlClass).max(20),
  enabled: z.boolean(),
};
export const guardrailRuleUpdate = z.object(guardrailFields).partial();
export const guardrailRuleCreate = z.object({
  ...guardrailFields,
  connectionId: guardrailFields.connectionId.default(null),
  directions: directions.default(["request", "response"]),
  builtin: guardrailFields.builtin.optional(),
  toolNames: names.default([]),
  pattern: guardrailFields.pattern.optional(),
  flags: guardrailFields.flags.optional(),
  models: names.default([]),
  sqlClasses: guardrailFields.sqlClasses.default([]),
  enabled: z.boolean().default(true),
});
export const guardrailRule = z.object({
  id,
  name: z.string(),
  connectionId: z.string().nullable(),
  kind: z.string(),
  directions: z.array(z.string()),
  builtin: z.string().nullable(),
  toolNames: z.array(z.string()),
  pattern: z.string().nullable(),
  flags: z.string().nullable(),
  models: z.array(z.string()),
  sqlClasses: z.array(z.string()),
  enabled: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const guardrailRulePage = page(guardrailRule);
export const guardrailPreviewRequest = z.object({
  rule: guardrailRuleCreate.omit({ name: true, connectionId: true }).extend({ name: z.string().max(200).default("preview") }),
  sample: z.object({
    direction: direction.default("request"),
    model: z.string().max(200).optional(),
    texts: z.array(z.string().max(100_000)).max(50).optional(),
    toolCalls: z.array(z.object({ name: z.string().max(200), arguments: z.string().max(100_000) })).max(50).optional(),
    sql: z.string().max(100_000).optional(),
  }),
});
export const guardrailVerdict = z.object({
  action: z.enum(["allow", "block"]),
  ruleId: z.string().optional(),
  ruleName: z.string().optional(),
  reason: z.string().optional(),
});

// Approval policies -----------------------------------------------------------------------------
const policyFields = {
  name: z.string().min(1).max(200),
  enabled: z.boolean(),
  connectionIds: z.array(id).max(100),
  identities: names.describe("user e-mails, service-account names or ids; empty: anyone"),
  models: names,
  detectors: z.array(detectorId),
  pattern: pattern.nullable(),
  flags: flags.nullable(),
  toolNames: names,
  sqlClasses: z.array(sqlClass).max(20),
  approverRoles: z.array(role).min(1),
  approverUserIds: z.array(id).max(100),
  expiresInSeconds: z.number().int().min(10).max(7 * 86_400),
  approvalsRequired: z.number().int().min(1).max(10),
};
export const approvalPolicyUpdate = z.object(policyFields).partial();
export const approvalPolicyCreate = z.object({
  ...policyFields,
  enabled: z.boolean().default(true),
  connectionIds: policyFields.connectionIds.default([]),
  identities: names.default([]),
  models: names.default([]),
  detectors: policyFields.detectors.default([]),
  pattern: policyFields.pattern.optional(),
  flags: policyFields.flags.optional(),
  toolNames: names.default([]),
  sqlClasses: policyFields.sqlClasses.default([]),
  approverRoles: policyFields.approverRoles.default(["admin", "reviewer"]),
  approverUserIds: policyFields.approverUserIds.default([]),
  expiresInSeconds: policyFields.expiresInSeconds.default(300),
  approvalsRequired: policyFields.approvalsRequired.default(1),
});
export const approvalPolicy = z.object({
  id,
  name: z.string(),
  enabled: z.boolean(),
  connectionIds: z.array(z.string()),
  identities: z.array(z.string()),
  models: z.array(z.string()),
  detectors: z.array(z.string()),
  pattern: z.string().nullable(),
  flags: z.string().nullable(),
  toolNames: z.array(z.string()),
  sqlClasses: z.array(z.string()),
  approverRoles: z.array(role),
  approverUserIds: z.array(z.string()),
  expiresInSeconds: z.number().int(),
  approvalsRequired: z.number().int(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const approvalPolicyPage = page(approvalPolicy);

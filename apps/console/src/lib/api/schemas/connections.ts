import { z } from "zod";
import { id, jsonObject, page, timestamp } from "./common";

export const connectionKind = z.enum(["openai", "anthropic", "http", "postgres"]);

export const controlId = z.enum([
  "recording",
  "approval",
  "masking.request",
  "masking.response",
  "masking.streaming",
  "masking.columns",
  "pseudonymize",
  "guardrail.prompt",
  "guardrail.tool_call",
  "guardrail.model_allowlist",
  "guardrail.sql",
]);

const name = z
  .string()
  .regex(/^[a-z0-9][a-z0-9_-]{0,62}$/, "lower-case letters, digits, '-' and '_' (it becomes the URL slug /c/<name>/)");

const connectionFields = {
  upstreamUrl: z.string().min(1).max(2000),
  authHeader: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,100}$/, "a header name, e.g. x-api-token")
    .nullable()
    .optional()
    .describe("kind http: header that carries the credential (default Authorization: Bearer)"),
  options: jsonObject.optional(),
  enabled: z.boolean().optional(),
  allowPrivateNetwork: z.boolean().optional().describe("allow private, loopback, link-local and cloud-metadata upstream addresses"),
  retentionDays: z.number().int().min(1).max(36500).nullable().optional(),
};

export const connectionCreate = z.object({
  name,
  kind: connectionKind,
  ...connectionFields,
  credential: z.string().min(1).max(10_000).optional().describe("write-only: stored encrypted, never returned"),
});

export const connectionUpdate = z.object({
  name: name.optional(),
  ...connectionFields,
  upstreamUrl: connectionFields.upstreamUrl.optional(),
  credential: z.string().min(1).max(10_000).nullable().optional().describe("write-only; null removes the stored credential"),
});

export const connection = z.object({
  id,
  name: z.string(),
  kind: connectionKind,
  upstreamUrl: z.string(),
  hasCredential: z.boolean(),
  credentialHint: z.string().nullable(),
  authHeader: z.string().nullable(),
  options: z.unknown(),
  enabled: z.boolean(),
  allowPrivateNetwork: z.boolean(),
  retentionDays: z.number().int().nullable(),
  controls: z.array(controlId).describe("which controls this connection's kind can enforce"),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export const connectionPage = page(connection);

export const connectionTestResult = z.object({
  ok: z.boolean(),
  status: z.number().int().nullable().describe("HTTP status the gateway answered with (null for postgres or when unreachable)"),
  latencyMs: z.number().int(),
  message: z.string(),
  sessionId: z.string().nullable(),
});

export const connectionGrantCreate = z
  .object({ userId: id.optional(), serviceAccountId: id.optional() })
  .refine((g) => Boolean(g.userId) !== Boolean(g.serviceAccountId), "give exactly one of userId and serviceAccountId");

export const connectionGrant = z.object({
  id,
  connectionId: z.string(),
  userId: z.string().nullable(),
  serviceAccountId: z.string().nullable(),
  createdAt: timestamp,
});
export const connectionGrantPage = page(connectionGrant);

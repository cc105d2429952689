import { z } from "zod";
import { bigId, id, instant, page, timestamp } from "./common";

// Audit events ----------------------------------------------------------------------------------
export const auditEvent = z.object({
  id: bigId,
  at: timestamp,
  actorKind: z.string(),
  actorId: z.string().nullable(),
  actorLabel: z.string(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  before: z.unknown(),
  after: z.unknown(),
  ip: z.string().nullable(),
});
export const auditEventPage = page(auditEvent);
export const auditQuery = z.object({
  cursor: z.string().regex(/^\d{1,19}$/).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  action: z.string().max(100).optional().describe("exact action, or a prefix ending in '.' (e.g. connection.)"),
  actorId: id.optional(),
  targetType: z.string().max(100).optional(),
  targetId: id.optional(),
  from: instant.optional(),
  to: instant.optional(),
});

// Settings --------------------------------------------------------------------------------------
export const settings = z.object({
  retentionDays: z.number().int().nullable().describe("recorded sessions are purged this many days after they end; null keeps them"),
});
export const settingsUpdate = z.object({
  retentionDays: z.number().int().min(1).max(36500).nullable().optional(),
});
export const purgeRun = z.object({
  connectionId: z.string().nullable(),
  cutoff: z.string(),
  purgedSessions: z.number().int(),
  purgedEvents: z.number().int(),
});
export const purgeResult = z.object({
  runs: z.array(purgeRun),
  purgedSessions: z.number().int(),
  purgedEvents: z.number().int(),
});

// Webhooks --------------------------------------------------------------------------------------
export const webhookFormat = z.enum(["json", "slack"]);
export const webhook = z.object({
  id,
  name: z.string(),
  urlHint: z.string().describe("scheme, host and the last characters of the URL (webhook URLs are secrets)"),
  format: webhookFormat,
  enabled: z.boolean(),
  createdAt: timestamp,
  updatedAt: timestamp,
});
export const webhookPage = page(webhook);
export const webhookCreate = z.object({
  name: z.string().min(1).max(200),
  url: z.url({ protocol: /^https?$/ }).max(2000),
  format: webhookFormat.default("json"),
  enabled: z.boolean().default(true),
});
export const webhookUpdate = z.object({
  name: z.string().min(1).max(200).optional(),
  url: z.url({ protocol: /^https?$/ }).max(2000).optional(),
  format: webhookFormat.optional(),
  enabled: z.boolean().optional(),
});
export const webhookDelivery = z.object({
  id,
  endpointId: z.string(),
  approvalRequestId: z.string().nullable(),
  status: z.string().describe("pending | delivered | failed"),
  attempts: z.number().int(),
  nextAttemptAt: timestamp,
  lastError: z.string().nullable(),
  createdAt: timestamp,
  deliveredAt: timestamp.nullable(),
});
export const webhookDeliveryPage = page(webhookDelivery);

// Stats -----------------------------------------------------------------------------------------
export const statsQuery = z.object({
  from: instant.optional().describe("default: 24 hours ago"),
  to: instant.optional().describe("default: now"),
  bucket: z.enum(["minute", "hour", "day"]).default("hour"),
  connectionId: id.optional(),
});
const counters = {
  requests: z.number().int(),
  blocks: z.number().int(),
  approvals: z.number().int(),
  errors: z.number().int(),
  avgLatencyMs: z.number().nullable(),
  p95LatencyMs: z.number().nullable(),
  inputTokens: z.number().int(),
  outputTokens: z.number().int(),
};
export const statsPoint = z.object({ bucket: z.string(), connection: z.string(), ...counters });
export const stats = z.object({
  from: z.string(),
  to: z.string(),
  bucket: z.enum(["minute", "hour", "day"]),
  series: z.array(statsPoint),
  totals: z.object(counters),
});

import { z } from "zod";
import { bigId, flag, id, instant, page, timestamp } from "./common";

export const recordedSession = z.object({
  id,
  connectionId: z.string().nullable(),
  connectionName: z.string(),
  protocol: z.string().describe("http | postgres"),
  identityKind: z.enum(["user", "service_account"]),
  identityId: z.string(),
  identityLabel: z.string(),
  clientKey: z.string().nullable().describe("the X-Airlock-Session value, when the client sent one"),
  status: z.string().describe("active | closed"),
  startedAt: timestamp,
  lastEventAt: timestamp,
  endedAt: timestamp.nullable(),
  eventCount: z.number().int(),
  exchangeCount: z.number().int(),
  hasBlock: z.boolean(),
  hasApproval: z.boolean(),
  hasError: z.boolean(),
});
export const sessionPage = page(recordedSession);

export const sessionsQuery = z.object({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  connectionId: id.optional(),
  identityId: id.optional(),
  from: instant.optional().describe("sessions started at or after"),
  to: instant.optional().describe("sessions started before"),
  status: z.enum(["active", "closed"]).optional(),
  protocol: z.enum(["http", "postgres"]).optional(),
  hasBlock: flag.optional(),
  hasApproval: flag.optional(),
  hasError: flag.optional(),
  q: z.string().trim().min(1).max(500).optional().describe("full-text search over the masked content (web-search syntax)"),
});

export const sessionEvent = z.object({
  id: bigId,
  chainId: z.string(),
  seq: z.number().int(),
  at: timestamp,
  offsetMs: z.number().int(),
  type: z.string(),
  payload: z.unknown().describe("already masked"),
  prevHash: z.string(),
  hash: z.string(),
});
export const sessionEventPage = page(sessionEvent);
export const eventsQuery = z.object({
  cursor: z.string().regex(/^\d{1,19}$/).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(500),
});

export const replayStep = z.object({
  kind: z.enum(["event", "chunk"]),
  seq: z.number().int(),
  chainId: z.string().nullable(),
  offsetMs: z.number(),
  title: z.string().nullable(),
  type: z.string().nullable(),
  payload: z.unknown(),
  delta: z.string().nullable(),
});
export const replay = z.object({ sessionId: z.string(), steps: z.array(replayStep), truncated: z.boolean() });

export const chainVerdict = z.object({
  chainId: z.string(),
  events: z.number().int(),
  sealed: z.boolean().describe("a keyed checkpoint covers the chain: its own, or (an HTTP exchange) a session seal listing it"),
  ok: z.boolean(),
  brokenAtSeq: z.number().int().nullable(),
  reason: z.string().nullable(),
});
export const sessionVerification = z.object({
  sessionId: z.string(),
  verified: z.boolean(),
  summary: z.string().describe('"verified", or "broken at event N …"'),
  eventCount: z.number().int(),
  chains: z.array(chainVerdict),
});

export const sessionExport = z.object({
  format: z.literal("airlock.session-export.v1"),
  exportedAt: z.string(),
  session: z.record(z.string(), z.unknown()),
  verification: sessionVerification,
  chains: z.array(
    z.object({
      chainId: z.string(),
      sealed: z.boolean().describe("as in the verification: its own checkpoint, or a session seal listing it, covers the chain"),
      bundle: z.unknown().describe("an @airlock/recording evidence bundle (events + chain proof + how to verify), when the chain has a checkpoint of its own"),
      events: z.array(z.unknown()).describe("the chain's events when it has no checkpoint of its own (an HTTP exchange, which its session's seal stream vouches for, or a chain not yet sealed)"),
    }),
  ),
});

// The event vocabulary of a recorded session. Payloads are JSON only (timestamps are ISO-8601
// strings) because they are stored in a Json column and hashed in their canonical JSON form.
// Everything in a payload is already masked by the time it is recorded.

export type JsonPrimitive = string | number | boolean | null;
export type JsonValue = JsonPrimitive | JsonValue[] | { [key: string]: JsonValue };

export type ConnectionKind = "openai" | "anthropic" | "http" | "postgres";
export type Direction = "request" | "response";

export interface IdentityRef {
  kind: "user" | "service-account";
  id: string;
  name?: string;
  /** The Airlock key used, when the caller authenticated with one (its id, never the key). */
  keyId?: string;
}

export interface ReviewerRef {
  id: string;
  name?: string;
}

export interface RecordedError {
  message: string;
  /** Provider error code, SQLSTATE, or Airlock's own code. */
  code?: string;
}

export interface SessionStartPayload {
  protocol: "http" | "postgres";
  connection: { id: string; name: string; kind: ConnectionKind };
  identity: IdentityRef;
  /** The client's `X-Airlock-Session` value, when it grouped exchanges itself. */
  clientSessionKey?: string;
  client?: { address?: string; userAgent?: string; application?: string };
}

export interface MessageSummary {
  role: string;
  text: string;
  name?: string;
  toolCallId?: string;
  toolCalls?: ToolCallSummary[];
  /** True when `text` was shortened for storage. */
  truncated?: boolean;
}

export interface ToolCallSummary {
  id?: string;
  name: string;
  arguments: string;
}

export interface ToolSummary {
  name: string;
  description?: string;
}

export interface ExchangeRequestPayload {
  method: string;
  path: string;
  /** Connection name (the URL slug). */
  connection: string;
  provider: "openai" | "anthropic" | "http";
  model: string | null;
  stream: boolean;
  messages: MessageSummary[];
  tools: ToolSummary[];
  /** Request headers with every credential header removed. */
  headers: Record<string, string>;
  bodyBytes: number;
  /** Masked body, for connections without a provider adapter (kind "http"). */
  body?: JsonValue;
  /**
   * The exchange's decision, when it was made at once (no approval hold, no block): the gateway
   * then stores request and decision as one row. The replay shows it as the `mask.applied`
   * (request findings, if any) and `exchange.decision` steps it stands for (see exchange-parts.ts).
   */
  decision?: ExchangeDecisionPayload;
}

export interface MaskingFinding {
  detector: string;
  ruleId?: string;
  count: number;
}

export type GuardrailVerdict = "allow" | "block" | "hold";

export interface ExchangeDecisionPayload {
  masking: { findings: MaskingFinding[] };
  guardrail: { verdict: GuardrailVerdict; ruleIds: string[]; reason?: string };
  /** Set when the request needed approval: the approval it opened or joined, or the grant that let it through. */
  approval: { approvalId?: string; grantId?: string } | null;
}

export interface ExchangeResponsePayload {
  status: number;
  /** A subset of the upstream response headers (content type, request ids, rate limits). */
  headers: Record<string, string>;
  stream: boolean;
}

/**
 * Streamed output in compact form: chunk i arrived at `offsetsMs[i]` (on the session timeline,
 * the same clock as every event's `offsetMs`) and carried `deltas[i]`. An exchange may record
 * several of these events when the recorder flushes a long stream in parts.
 */
export interface ExchangeChunksPayload {
  offsetsMs: number[];
  deltas: string[];
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

export interface ExchangeEndPayload {
  text: string;
  toolCalls?: ToolCallSummary[];
  finishReason?: string | null;
  /** Null when the upstream did not report usage. */
  usage: TokenUsage | null;
  latencyMs: number;
  /** Time to the first response byte or streamed chunk; null when nothing arrived. */
  ttftMs: number | null;
  error?: RecordedError;
  /**
   * The response's status and headers, when nothing else was recorded between them and the end
   * (a JSON reply, an error): the gateway then stores both as one row. `offsetMs` is when the
   * headers arrived, on the session timeline; the replay shows an `exchange.response` step there.
   */
  response?: FoldedResponse;
}

export interface FoldedResponse extends ExchangeResponsePayload {
  offsetMs: number;
}

export interface GuardrailBlockPayload {
  ruleId: string;
  ruleName?: string;
  direction: Direction;
  reason: string;
  subject?: { kind: "tool_call" | "sql_statement" | "message" | "model"; name?: string };
}

export interface MaskAppliedPayload {
  direction: Direction;
  findings: MaskingFinding[];
}

export interface ApprovalPendingPayload {
  approvalId: string;
  policyId?: string;
  justification?: string;
  expiresAt: string;
  /** True when an identical retried request joined an approval that was already pending. */
  joined?: boolean;
}

export interface ApprovalApprovedPayload {
  approvalId: string;
  reviewer: ReviewerRef;
  mode: "once" | "grant";
  grantId?: string;
  grantExpiresAt?: string;
}

export interface ApprovalDeniedPayload {
  approvalId: string;
  reviewer: ReviewerRef;
  reason: string;
}

export interface ApprovalExpiredPayload {
  approvalId: string;
}

export interface ApprovalAbandonedPayload {
  approvalId: string;
  /** Why the held request went away before a decision, e.g. the client disconnected. */
  reason: string;
}

export interface SqlStatementPayload {
  /** Statement text with literals masked. */
  text: string;
  /** Bound parameters, masked; null for SQL NULL. */
  params: (string | null)[];
  /** The command tag's verb (SELECT, INSERT, ...), when known. */
  command: string | null;
  statementClass?: string;
  durationMs: number;
  rowCount: number | null;
  error?: RecordedError;
  /** What was masked in the statement's results (replayed as a `mask.applied` step after it). */
  masked?: MaskingFinding[];
}

/** One statement of a `sql.statements` event: a `sql.statement` payload with its text by reference. */
export interface CompactSqlStatement extends Omit<SqlStatementPayload, "text"> {
  /** When the statement finished, in ms since the session started (the session timeline). */
  offsetMs: number;
  /** Index of the statement's text in the event's `texts`. */
  textIndex: number;
}

/**
 * SQL statements in compact form: a Postgres connection records the statements that finish
 * within a short interval as one event, each at its own time, with each distinct text stored once.
 * The replay shows every statement as a `sql.statement` step at its recorded time (see
 * expandStatements). The recorder makes these from appended `sql.statement` events.
 */
export interface SqlStatementsPayload {
  texts: string[];
  statements: CompactSqlStatement[];
}

/** One finished exchange chain as a session seal lists it: enough to find the chain and check its head. */
export interface ExchangeDigest {
  chainId: string;
  lastSeq: number;
  lastHash: string;
}

/** A replica's keyed seal over the exchanges it finished in the session since its previous seal (seal.ts). */
export interface SessionSealPayload {
  exchanges: ExchangeDigest[];
}

export interface SessionEndPayload {
  reason: "client_closed" | "idle_timeout" | "upstream_closed" | "error" | "shutdown";
  exchangeCount?: number;
}

export interface ErrorPayload {
  message: string;
  code?: string;
  /** Pipeline stage that failed (authenticate, forward, record, ...). */
  stage?: string;
}

export interface EventPayloads {
  "session.start": SessionStartPayload;
  "exchange.request": ExchangeRequestPayload;
  "exchange.decision": ExchangeDecisionPayload;
  "exchange.response": ExchangeResponsePayload;
  "exchange.chunks": ExchangeChunksPayload;
  "exchange.end": ExchangeEndPayload;
  "guardrail.block": GuardrailBlockPayload;
  "mask.applied": MaskAppliedPayload;
  "approval.pending": ApprovalPendingPayload;
  "approval.approved": ApprovalApprovedPayload;
  "approval.denied": ApprovalDeniedPayload;
  "approval.expired": ApprovalExpiredPayload;
  "approval.abandoned": ApprovalAbandonedPayload;
  "sql.statement": SqlStatementPayload;
  "sql.statements": SqlStatementsPayload;
  "session.seal": SessionSealPayload;
  "session.end": SessionEndPayload;
  error: ErrorPayload;
}

export type EventType = keyof EventPayloads;

// A value list next to the type so callers can validate a database row's `type` at run time;
// `satisfies` keeps it from drifting from EventPayloads.
const EVENT_TYPE_FLAGS = {
  "session.start": true,
  "exchange.request": true,
  "exchange.decision": true,
  "exchange.response": true,
  "exchange.chunks": true,
  "exchange.end": true,
  "guardrail.block": true,
  "mask.applied": true,
  "approval.pending": true,
  "approval.approved": true,
  "approval.denied": true,
  "approval.expired": true,
  "approval.abandoned": true,
  "sql.statement": true,
  "sql.statements": true,
  "session.seal": true,
  "session.end": true,
  error: true,
} as const satisfies Record<EventType, true>;

export const EVENT_TYPES: readonly EventType[] = Object.keys(EVENT_TYPE_FLAGS) as EventType[];

export function isEventType(value: unknown): value is EventType {
  return typeof value === "string" && Object.hasOwn(EVENT_TYPE_FLAGS, value);
}

/** Fields every stored event carries besides its type and payload. */
export interface EventEnvelope {
  sessionId: string;
  seq: number;
  exchangeId: string | null;
  /** ISO-8601 UTC with milliseconds, e.g. 2025-01-31T12:00:00.000Z. */
  at: string;
  /** Milliseconds since the session started. */
  offsetMs: number;
  prevHash: string;
  hash: string;
}

/** A recorded event, discriminated on `type`. */
export type RecordedEvent<T extends EventType = EventType> = {
  [K in T]: EventEnvelope & { type: K; payload: EventPayloads[K] };
}[T];

// The browser's typed client for /api/v1. Types come from the same zod schemas the server validates
// with (imported as types only, so no schema code ships to the browser). Requests carry the
// session cookie; errors become ApiClientError with the server's code and message.
import type { z } from "zod";
import type * as admin from "./schemas/admin";
import type * as approvals from "./schemas/approvals";
import type * as connections from "./schemas/connections";
import type * as identities from "./schemas/identities";
import type * as rules from "./schemas/rules";
import type * as sessions from "./schemas/sessions";

type Out<T extends z.ZodType> = z.output<T>;
type In<T extends z.ZodType> = z.input<T>;

export type Me = Out<typeof identities.me>;
export type Connection = Out<typeof connections.connection>;
export type ConnectionInput = In<typeof connections.connectionCreate>;
export type ConnectionTestResult = Out<typeof connections.connectionTestResult>;
export type ApiKey = Out<typeof identities.apiKey>;
export type ApiKeyCreated = Out<typeof identities.apiKeyCreated>;
export type ApiKeyInput = In<typeof identities.apiKeyCreate>;
export type AccessToken = Out<typeof identities.accessToken>;
export type AccessTokenCreated = Out<typeof identities.accessTokenCreated>;
export type User = Out<typeof identities.user>;
export type ServiceAccount = Out<typeof identities.serviceAccount>;
export type MaskingRule = Out<typeof rules.maskingRule>;
export type MaskingRuleInput = In<typeof rules.maskingRuleCreate>;
export type MaskingPreviewInput = In<typeof rules.maskingPreviewRequest>;
export type MaskingPreview = Out<typeof rules.maskingPreviewResult>;
export type GuardrailRule = Out<typeof rules.guardrailRule>;
export type GuardrailRuleInput = In<typeof rules.guardrailRuleCreate>;
export type GuardrailPreviewInput = In<typeof rules.guardrailPreviewRequest>;
export type GuardrailVerdict = Out<typeof rules.guardrailVerdict>;
export type ApprovalPolicy = Out<typeof rules.approvalPolicy>;
export type Approval = Out<typeof approvals.approval>;
export type AccessGrant = Out<typeof approvals.accessGrant>;
export type RecordedSession = Out<typeof sessions.recordedSession>;
export type SessionsQuery = Partial<Record<keyof In<typeof sessions.sessionsQuery>, string>>;
export type SessionEvent = Out<typeof sessions.sessionEvent>;
export type Replay = Out<typeof sessions.replay>;
export type SessionVerification = Out<typeof sessions.sessionVerification>;
export type SessionExport = Out<typeof sessions.sessionExport>;
export type AuditEvent = Out<typeof admin.auditEvent>;
export type Settings = Out<typeof admin.settings>;
export type PurgeResult = Out<typeof admin.purgeResult>;
export type Webhook = Out<typeof admin.webhook>;
export type Stats = Out<typeof admin.stats>;

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export class ApiClientError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

type Query = Record<string, string | number | boolean | undefined | null>;

export async function request<T>(method: string, path: string, options: { query?: Query; body?: unknown } = {}): Promise<T> {
  const qs = new URLSearchParams();
  for (const [k, v] of Object.entries(options.query ?? {})) if (v !== undefined && v !== null && v !== "") qs.set(k, String(v));
  const url = `/api/v1${path}${qs.size ? `?${qs}` : ""}`;
  const res = await fetch(url, {
    method,
    credentials: "same-origin",
    headers: options.body === undefined ? {} : { "content-type": "application/json" },
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await res.text();
  const json: unknown = text ? JSON.parse(text) : null;
  if (!res.ok) {
    const error = (json as { error?: { code?: string; message?: string; details?: unknown } } | null)?.error;
    throw new ApiClientError(res.status, error?.code ?? "error", error?.message ?? `request failed (${res.status})`, error?.details);
  }
  return json as T;
}

const id = encodeURIComponent;

export const api = {
  me: () => request<Me>("GET", "/me"),
  connections: {
    list: (q: Query = {}) => request<Page<Connection>>("GET", "/connections", { query: q }),
    get: (cid: string) => request<Connection>("GET", `/connections/${id(cid)}`),
    create: (body: ConnectionInput) => request<Connection>("POST", "/connections", { body }),
    update: (cid: string, body: Partial<ConnectionInput> & { credential?: string | null }) =>
      request<Connection>("PATCH", `/connections/${id(cid)}`, { body }),
    remove: (cid: string) => request<{ ok: true }>("DELETE", `/connections/${id(cid)}`),
    test: (cid: string) => request<ConnectionTestResult>("POST", `/connections/${id(cid)}/test`),
  },
  keys: {
    list: (q: Query = {}) => request<Page<ApiKey>>("GET", "/keys", { query: q }),
    create: (body: ApiKeyInput) => request<ApiKeyCreated>("POST", "/keys", { body }),
    revoke: (kid: string) => request<ApiKey>("POST", `/keys/${id(kid)}/revoke`),
  },
  tokens: {
    list: (q: Query = {}) => request<Page<AccessToken>>("GET", "/tokens", { query: q }),
    create: (body: { name: string; expiresInDays?: number }) => request<AccessTokenCreated>("POST", "/tokens", { body }),
    revoke: (tid: string) => request<AccessToken>("POST", `/tokens/${id(tid)}/revoke`),
  },
  users: { list: (q: Query = {}) => request<Page<User>>("GET", "/users", { query: q }) },
  serviceAccounts: { list: (q: Query = {}) => request<Page<ServiceAccount>>("GET", "/service-accounts", { query: q }) },
  maskingRules: {
    list: (q: Query = {}) => request<Page<MaskingRule>>("GET", "/masking-rules", { query: q }),
    create: (body: MaskingRuleInput) => request<MaskingRule>("POST", "/masking-rules", { body }),
    update: (rid: string, body: Partial<MaskingRuleInput>) => request<MaskingRule>("PATCH", `/masking-rules/${id(rid)}`, { body }),
    remove: (rid: string) => request<{ ok: true }>("DELETE", `/masking-rules/${id(rid)}`),
    preview: (body: MaskingPreviewInput) => request<MaskingPreview>("POST", "/masking-rules/preview", { body }),
  },
  guardrailRules: {
    list: (q: Query = {}) => request<Page<GuardrailRule>>("GET", "/guardrail-rules", { query: q }),
    create: (body: GuardrailRuleInput) => request<GuardrailRule>("POST", "/guardrail-rules", { body }),
    remove: (rid: string) => request<{ ok: true }>("DELETE", `/guardrail-rules/${id(rid)}`),
    preview: (body: GuardrailPreviewInput) => request<GuardrailVerdict>("POST", "/guardrail-rules/preview", { body }),
  },
  approvalPolicies: { list: (q: Query = {}) => request<Page<ApprovalPolicy>>("GET", "/approval-policies", { query: q }) },
  approvals: {
    list: (q: Query = {}) => request<Page<Approval>>("GET", "/approvals", { query: q }),
    get: (aid: string) => request<Approval>("GET", `/approvals/${id(aid)}`),
    approve: (aid: string, grantMinutes?: number) =>
      request<Approval>("POST", `/approvals/${id(aid)}/approve`, { body: grantMinutes ? { grantMinutes } : {} }),
    deny: (aid: string, reason: string) => request<Approval>("POST", `/approvals/${id(aid)}/deny`, { body: { reason } }),
  },
  grants: {
    list: (q: Query = {}) => request<Page<AccessGrant>>("GET", "/grants", { query: q }),
    revoke: (gid: string) => request<AccessGrant>("POST", `/grants/${id(gid)}/revoke`),
  },
  sessions: {
    list: (q: SessionsQuery = {}) => request<Page<RecordedSession>>("GET", "/sessions", { query: q }),
    get: (sid: string) => request<RecordedSession>("GET", `/sessions/${id(sid)}`),
    events: (sid: string, q: Query = {}) => request<Page<SessionEvent>>("GET", `/sessions/${id(sid)}/events`, { query: q }),
    replay: (sid: string) => request<Replay>("GET", `/sessions/${id(sid)}/replay`),
    verify: (sid: string) => request<SessionVerification>("GET", `/sessions/${id(sid)}/verify`),
    export: (sid: string) => request<SessionExport>("GET", `/sessions/${id(sid)}/export`),
  },
  auditEvents: { list: (q: Query = {}) => request<Page<AuditEvent>>("GET", "/audit-events", { query: q }) },
  settings: {
    get: () => request<Settings>("GET", "/settings"),
    update: (body: Partial<Settings>) => request<Settings>("PATCH", "/settings", { body }),
    purge: () => request<PurgeResult>("POST", "/settings/retention/purge"),
  },
  webhooks: { list: (q: Query = {}) => request<Page<Webhook>>("GET", "/webhooks", { query: q }) },
  stats: (q: Query = {}) => request<Stats>("GET", "/stats", { query: q }),
};

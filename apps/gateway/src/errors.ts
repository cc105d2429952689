// Errors the gateway itself produces. Each carries its HTTP status and a stable code; one place
// (http/respond-error.ts) turns them into the provider's error shape for the connection's kind.
// Statuses are chosen so official SDKs do not retry when retrying cannot help (401, 403, 404, 413).

export type GatewayErrorCode =
  | "invalid_api_key"
  | "key_revoked"
  | "key_expired"
  | "invalid_token"
  | "missing_credentials"
  | "connection_not_found"
  | "connection_disabled"
  | "connection_forbidden"
  | "request_too_large"
  | "invalid_request"
  | "guardrail_blocked"
  | "approval_denied"
  | "approval_expired"
  | "approval_timeout"
  | "model_not_allowed"
  | "upstream_unreachable"
  | "upstream_timeout"
  | "upstream_error"
  | "recording_unavailable"
  | "internal_error";

const STATUS: Record<GatewayErrorCode, number> = {
  invalid_api_key: 401,
  key_revoked: 401,
  key_expired: 401,
  invalid_token: 401,
  missing_credentials: 401,
  connection_not_found: 404,
  connection_disabled: 403,
  connection_forbidden: 403,
  request_too_large: 413,
  invalid_request: 400,
  guardrail_blocked: 403,
  approval_denied: 403,
  approval_expired: 403,
  approval_timeout: 403,
  model_not_allowed: 403,
  upstream_unreachable: 502,
  upstream_timeout: 504,
  upstream_error: 502,
  recording_unavailable: 503,
  internal_error: 500,
};

export class GatewayError extends Error {
  readonly status: number;
  constructor(
    readonly code: GatewayErrorCode,
    /** Shown to the client: must never contain secrets or unmasked payload. */
    message: string,
  ) {
    super(message);
    this.status = STATUS[code];
  }
}

import type { Exchange } from "../http/exchange";
import { providerId } from "../http/ids";

/** Anthropic's per-response headers; `request-id` is what the SDK exposes as `_request_id`. */
export function anthropicHeaders(requestId: string): Record<string, string> {
  return { "request-id": requestId, "anthropic-organization-id": "00000000-0000-4000-8000-000000000000" };
}

const ERROR_TYPES: Record<number, string> = {
  400: "invalid_request_error",
  401: "authentication_error",
  402: "billing_error",
  403: "permission_error",
  404: "not_found_error",
  413: "request_too_large",
  429: "rate_limit_error",
  500: "api_error",
  504: "timeout_error",
  529: "overloaded_error",
};

function anthropicErrorType(status: number): string {
  return ERROR_TYPES[status] ?? (status >= 500 ? "api_error" : "invalid_request_error");
}

/** `{"type":"error","error":{"type","message"},"request_id"}`, Anthropic's error body. */
export function sendAnthropicError(exchange: Exchange, status: number, message: string): void {
  const requestId = providerId("req_");
  const body = { type: "error", error: { type: anthropicErrorType(status), message }, request_id: requestId };
  exchange.sendJson(status, body, anthropicHeaders(requestId));
}

// The gateway's own errors in each provider's shape. Types follow what each provider uses for the
// same status, so SDKs raise the error class a developer expects (AuthenticationError for 401, ...).
import type { GatewayError } from "../errors";

function openAIType(status: number): string {
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 429) return "rate_limit_error";
  if (status >= 500) return status === 503 ? "service_unavailable" : "api_error";
  return "invalid_request_error";
}

function anthropicType(status: number): string {
  if (status === 400) return "invalid_request_error";
  if (status === 401) return "authentication_error";
  if (status === 403) return "permission_error";
  if (status === 404) return "not_found_error";
  if (status === 413) return "request_too_large";
  if (status === 429) return "rate_limit_error";
  if (status === 503) return "overloaded_error";
  if (status === 504) return "timeout_error";
  return status >= 500 ? "api_error" : "invalid_request_error";
}

export function openAIErrorBody(error: GatewayError) {
  return { error: { message: error.message, type: openAIType(error.status), param: null, code: error.code } };
}

export function anthropicErrorBody(error: GatewayError) {
  return { type: "error", error: { type: anthropicType(error.status), message: error.message } };
}

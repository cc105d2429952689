import { randomUUID } from "node:crypto";
import type { Exchange } from "../http/exchange";

/** Headers OpenAI puts on every response; `x-request-id` is what the SDK exposes as `request_id`. */
export function openAIHeaders(): Record<string, string> {
  return { "x-request-id": `req_${randomUUID().replaceAll("-", "")}`, "openai-version": "2020-10-01", "openai-processing-ms": "1" };
}

function errorTypeFor(status: number): { type: string; code: string | null } {
  if (status === 401) return { type: "invalid_request_error", code: "invalid_api_key" };
  if (status === 403) return { type: "invalid_request_error", code: "unsupported_country_region_territory" };
  if (status === 429) return { type: "requests", code: "rate_limit_exceeded" };
  if (status >= 500) return { type: "server_error", code: null };
  return { type: "invalid_request_error", code: null };
}

/** `{"error":{"message","type","param","code"}}`, OpenAI's error body. */
export function sendOpenAIError(
  exchange: Exchange,
  status: number,
  message: string,
  detail: { param?: string; code?: string } = {},
): void {
  const { type, code } = errorTypeFor(status);
  const error = { message, type, param: detail.param ?? null, code: detail.code ?? code };
  exchange.sendJson(status, { error }, openAIHeaders());
}

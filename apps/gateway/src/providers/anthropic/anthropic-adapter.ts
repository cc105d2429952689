// Anthropic Messages API. The client's `anthropic-version` (and beta) headers are kept.
import { setHeader } from "../credential";
import { anthropicErrorBody } from "../error-shapes";
import { sseData, type ProviderAdapter } from "../types";
import { describeAnthropicRequest } from "./anthropic-request";
import { describeAnthropicResponse } from "./anthropic-response";
import { AnthropicStreamTransformer } from "./anthropic-stream";

const SKIP_KEYS: ReadonlySet<string> = new Set([
  "id", "type", "model", "role", "stop_reason", "stop_sequence", "name", "tool_use_id", "input_schema",
  "signature", "cache_control", "media_type", "source", "data", "tool_choice", "stop_sequences",
  "index", "container",
]);

export const anthropicAdapter: ProviderAdapter = {
  kind: "anthropic",
  skipKeys: SKIP_KEYS,
  expectsJson(method, path, contentType) {
    return (method === "POST" && /messages(\/count_tokens)?\/?$/.test(path)) || (contentType?.includes("json") ?? false);
  },
  describeRequest: describeAnthropicRequest,
  describeResponse: describeAnthropicResponse,
  injectCredential(headers, secret) {
    delete headers.authorization;
    setHeader(headers, "x-api-key", secret);
  },
  errorBody: anthropicErrorBody,
  streamError: (error) => sseData(anthropicErrorBody(error), "error"),
  createStreamTransformer: (_path, filter) => new AnthropicStreamTransformer(filter, SKIP_KEYS),
};

// OpenAI and OpenAI-compatible APIs (any path is forwarded; the JSON endpoints are understood).
import type { GatewayError } from "../../errors";
import { bearer, setHeader } from "../credential";
import { openAIErrorBody } from "../error-shapes";
import { sseData, type ProviderAdapter } from "../types";
import { ChatStreamTransformer } from "./chat-stream";
import { openAIEndpoint } from "./endpoints";
import { describeOpenAIRequest } from "./openai-request";
import { describeOpenAIResponse } from "./openai-response";
import { ResponsesStreamTransformer } from "./responses-stream";

const SKIP_KEYS: ReadonlySet<string> = new Set([
  "id", "object", "model", "role", "type", "created", "created_at", "system_fingerprint", "service_tier",
  "finish_reason", "tool_call_id", "call_id", "item_id", "name", "encoding_format", "embedding",
  "parameters", "response_format", "json_schema", "schema", "tool_choice", "status", "logprobs",
  "image_url", "input_audio", "file_data", "b64_json", "audio", "reasoning_effort", "modalities",
  "previous_response_id", "stop",
]);

export const openAIAdapter: ProviderAdapter = {
  kind: "openai",
  skipKeys: SKIP_KEYS,
  expectsJson(method, path, contentType) {
    if (method !== "POST") return contentType?.includes("json") ?? false;
    return openAIEndpoint(path) !== "other" || (contentType?.includes("json") ?? false);
  },
  describeRequest: describeOpenAIRequest,
  describeResponse: (_path, body) => describeOpenAIResponse(body),
  injectCredential(headers, secret) {
    delete headers["x-api-key"];
    setHeader(headers, "authorization", bearer(secret));
  },
  errorBody: openAIErrorBody,
  streamError: (error: GatewayError) => sseData(openAIErrorBody(error)),
  createStreamTransformer(path, filter) {
    return openAIEndpoint(path) === "responses"
      ? new ResponsesStreamTransformer(filter, SKIP_KEYS)
      : new ChatStreamTransformer(filter, SKIP_KEYS);
  },
};

import type { Exchange } from "../http/exchange";
import { startFakeServer, type FakeUpstream, type RequiredAuth } from "../http/fake-server";
import { providerId } from "../http/ids";
import { FailureBudget } from "../scripting/failure-budget";
import { anthropicHeaders, sendAnthropicError } from "./anthropic-errors";
import { handleCountTokens, handleMessages } from "./messages";

export interface AnthropicUpstreamOptions {
  /**
   * When set (typically `{ header: "x-api-key", value }`), other requests get Anthropic's 401. Like
   * the real API, a required `x-api-key` is also accepted as `Authorization: Bearer <value>`, which
   * is how @anthropic-ai/sdk 1.x sends `apiKey`; read `requests[i].headers` to see which arrived.
   */
  requiredAuth?: RequiredAuth;
  /** Served by `GET /v1/models`. */
  models?: readonly string[];
}

export const DEFAULT_ANTHROPIC_MODELS = ["claude-sonnet-4-5", "claude-haiku-4-5"];

function listModels(exchange: Exchange, models: readonly string[]): void {
  const data = models.map((id) => ({ type: "model", id, display_name: id, created_at: "2025-01-01T00:00:00Z" }));
  const page = { data, has_more: false, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
  exchange.sendJson(200, page, anthropicHeaders(providerId("req_")));
}

/**
 * A local Anthropic provider on 127.0.0.1 (random port): `POST /v1/messages` (JSON and SSE),
 * `POST /v1/messages/count_tokens`, `GET /v1/models`. The SDK's `baseURL` is the origin.
 */
export function startAnthropicUpstream(options: AnthropicUpstreamOptions = {}): Promise<FakeUpstream> {
  const budget = new FailureBudget();
  const models = options.models ?? DEFAULT_ANTHROPIC_MODELS;

  async function route(exchange: Exchange): Promise<void> {
    const method = exchange.req.method ?? "GET";
    const path = exchange.url.pathname;
    if (method === "POST" && path === "/v1/messages") return handleMessages(exchange, budget);
    if (method === "POST" && path === "/v1/messages/count_tokens") return handleCountTokens(exchange);
    if (method === "GET" && path === "/v1/models") return listModels(exchange, models);
    sendAnthropicError(exchange, 404, `Not found: ${method} ${path}`);
  }

  return startFakeServer({
    basePath: "",
    requiredAuth: options.requiredAuth,
    apiKeyAsBearer: true,
    sendError: (exchange, status, message) => sendAnthropicError(exchange, status, status === 401 ? "invalid x-api-key" : message),
    handle: route,
  });
}

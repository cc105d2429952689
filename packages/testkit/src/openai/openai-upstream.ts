import type { Exchange } from "../http/exchange";
import { startFakeServer, type FakeUpstream, type RequiredAuth } from "../http/fake-server";
import { FailureBudget } from "../scripting/failure-budget";
import { handleChatCompletions } from "./chat-completions";
import { handleCompletions } from "./completions";
import { handleEmbeddings } from "./embeddings";
import { DEFAULT_OPENAI_MODELS, handleModels } from "./models";
import { sendOpenAIError } from "./openai-errors";
import { handleResponses } from "./responses";

export interface OpenAIUpstreamOptions {
  /** When set, requests without this credential get OpenAI's 401. */
  requiredAuth?: RequiredAuth;
  /** Served by `GET /v1/models`. */
  models?: readonly string[];
  /** Embedding length when the request does not ask for `dimensions` (default 1536). */
  embeddingDimensions?: number;
}

/**
 * A local OpenAI-compatible provider on 127.0.0.1 (random port) speaking the real wire format:
 * chat completions, completions, embeddings, responses and models under `/v1`.
 */
export function startOpenAIUpstream(options: OpenAIUpstreamOptions = {}): Promise<FakeUpstream> {
  const budget = new FailureBudget();
  const models = options.models ?? DEFAULT_OPENAI_MODELS;
  const dimensions = options.embeddingDimensions ?? 1536;

  async function route(exchange: Exchange): Promise<void> {
    const method = exchange.req.method ?? "GET";
    const path = exchange.url.pathname;
    if (method === "POST" && path === "/v1/chat/completions") return handleChatCompletions(exchange, budget);
    if (method === "POST" && path === "/v1/completions") return handleCompletions(exchange, budget);
    if (method === "POST" && path === "/v1/embeddings") return handleEmbeddings(exchange, budget, dimensions);
    if (method === "POST" && path === "/v1/responses") return handleResponses(exchange, budget);
    if (method === "GET" && path === "/v1/models") return handleModels(exchange, models, undefined);
    if (method === "GET" && path.startsWith("/v1/models/")) {
      return handleModels(exchange, models, decodeURIComponent(path.slice("/v1/models/".length)));
    }
    sendOpenAIError(exchange, 404, `Invalid URL (${method} ${path})`);
  }

  return startFakeServer({
    basePath: "/v1",
    requiredAuth: options.requiredAuth,
    sendError: (exchange, status, message) =>
      sendOpenAIError(exchange, status, status === 401 ? `Incorrect API key provided. ${message}.` : message),
    handle: route,
  });
}

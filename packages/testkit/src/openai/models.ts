import type { Exchange } from "../http/exchange";
import { openAIHeaders, sendOpenAIError } from "./openai-errors";

export const DEFAULT_OPENAI_MODELS = ["gpt-4o-mini", "gpt-4o", "text-embedding-3-small"];

function model(id: string) {
  return { id, object: "model", created: 1_700_000_000, owned_by: "system" };
}

/** `GET /v1/models` and `GET /v1/models/{id}`. */
export function handleModels(exchange: Exchange, models: readonly string[], id: string | undefined): void {
  if (id === undefined) {
    exchange.sendJson(200, { object: "list", data: models.map(model) }, openAIHeaders());
  } else if (models.includes(id)) {
    exchange.sendJson(200, model(id), openAIHeaders());
  } else {
    sendOpenAIError(exchange, 404, `The model '${id}' does not exist or you do not have access to it.`, { param: "model", code: "model_not_found" });
  }
}

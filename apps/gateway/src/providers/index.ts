import type { ConnectionKind } from "../services";
import { anthropicAdapter } from "./anthropic/anthropic-adapter";
import { httpAdapter } from "./http/http-adapter";
import { openAIAdapter } from "./openai/openai-adapter";
import type { ProviderAdapter } from "./types";

const ADAPTERS: Record<Exclude<ConnectionKind, "postgres">, ProviderAdapter> = {
  openai: openAIAdapter,
  anthropic: anthropicAdapter,
  http: httpAdapter,
};

export function adapterFor(kind: ConnectionKind): ProviderAdapter | undefined {
  return kind === "postgres" ? undefined : ADAPTERS[kind];
}

export { openAIAdapter, anthropicAdapter, httpAdapter };
export type { ProviderAdapter } from "./types";

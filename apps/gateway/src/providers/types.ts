// Provider adapters are declarative: each says how to read its requests and responses, how to carry
// the upstream credential, how to shape an error, and how to transform its stream events. The
// pipeline never branches on the provider.
import type { OutgoingHttpHeaders } from "node:http";
import type { MessageSummary, ToolSummary } from "@airlock/recording";
import type { EventSourceMessage } from "eventsource-parser";
import type { GatewayError } from "../errors";
import type { ResolvedConnection } from "../services";
import type { ResponseFilter } from "./response-filter";

export type ProviderKind = "openai" | "anthropic" | "http";

export interface ToolCallView {
  id?: string;
  name: string;
  /** JSON text, as the provider sends it. */
  arguments: string;
}

export interface TokenUsage {
  inputTokens: number;
  outputTokens: number;
}

/** What the pipeline needs to know about a request; read from the body by the adapter. */
export interface RequestView {
  model: string | null;
  stream: boolean;
  /** Prompt texts (messages, system prompt, tool results, inputs) for guardrails and approvals. */
  texts: string[];
  /** Tool calls already in the conversation, and tools offered to the model (with empty arguments). */
  toolCalls: ToolCallView[];
  messages: MessageSummary[];
  tools: ToolSummary[];
}

export interface ResponseView {
  text: string;
  toolCalls: ToolCallView[];
  usage: TokenUsage | null;
  finishReason: string | null;
}

/** Turns one upstream SSE event into what the client receives. */
export interface StreamTransformer {
  /** Returns SSE text to send now (possibly empty: the event is held or dropped). */
  onEvent(event: EventSourceMessage): string;
  /** The upstream stream ended normally: release anything still held back. */
  end(): string;
}

export interface ProviderAdapter {
  readonly kind: ProviderKind;
  /** The request at this path must carry JSON (malformed JSON is refused with a 400). */
  expectsJson(method: string, path: string, contentType: string | undefined): boolean;
  describeRequest(path: string, body: unknown): RequestView;
  describeResponse(path: string, body: unknown): ResponseView;
  /** JSON keys whose values are never user content (ids, model names, schemas): not masked. */
  readonly skipKeys: ReadonlySet<string>;
  injectCredential(headers: OutgoingHttpHeaders, secret: string, connection: ResolvedConnection): void;
  /** The provider's error body for an error the gateway itself produces. */
  errorBody(error: GatewayError): unknown;
  /** The same error as an SSE event, for a stream whose headers are already sent. */
  streamError(error: GatewayError): string;
  createStreamTransformer(path: string, filter: ResponseFilter): StreamTransformer;
}

export function serializeSse(event: EventSourceMessage): string {
  let out = "";
  if (event.event) out += `event: ${event.event}\n`;
  if (event.id !== undefined) out += `id: ${event.id}\n`;
  // Multi-line data must become one data field per line to survive re-parsing.
  for (const line of event.data.split("\n")) out += `data: ${line}\n`;
  return `${out}\n`;
}

export function sseData(payload: unknown, event?: string): string {
  const data = typeof payload === "string" ? payload : JSON.stringify(payload);
  if (data.includes("\n")) return serializeSse({ event, data });
  return event ? `event: ${event}\ndata: ${data}\n\n` : `data: ${data}\n\n`;
}

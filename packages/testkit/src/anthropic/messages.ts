import type { Exchange } from "../http/exchange";
import { providerId } from "../http/ids";
import { sseEvent } from "../http/sse";
import type { FailureBudget } from "../scripting/failure-budget";
import { playStream, runPreflight, sendScriptedJson, type Frame } from "../scripting/playback";
import { estimateTokens, planReply, splitArguments, splitText } from "../scripting/reply";
import { anthropicHeaders, sendAnthropicError } from "./anthropic-errors";
import { messagesTurn } from "./anthropic-turns";

interface MessagesRequest {
  model?: unknown;
  max_tokens?: unknown;
  messages?: unknown;
  system?: unknown;
  stream?: unknown;
}

type ContentBlock = { type: "text"; text: string } | { type: "tool_use"; id: string; name: string; input: unknown };

function usage(input_tokens: number, output_tokens: number) {
  return { input_tokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0, output_tokens, service_tier: "standard" };
}

/**
 * The Messages SSE sequence: message_start, then per block content_block_start / deltas /
 * content_block_stop (with a ping after the first start, as the API does), message_delta with
 * stop_reason and usage, message_stop.
 */
interface StreamPlan {
  message: { id: string; type: "message"; role: "assistant"; model: string };
  blocks: ContentBlock[];
  stopReason: string;
  inputTokens: number;
  outputTokens: number;
  chunks: number | undefined;
}

function streamFrames({ message, blocks, stopReason, inputTokens, outputTokens, chunks }: StreamPlan): Frame[] {
  const frames: Frame[] = [];
  const push = (type: string, fields: Record<string, unknown>, content = false) =>
    frames.push({ data: sseEvent(type, { type, ...fields }), content });
  push("message_start", { message: { ...message, content: [], stop_reason: null, stop_sequence: null, usage: usage(inputTokens, 1) } });
  blocks.forEach((block, index) => {
    if (block.type === "text") {
      push("content_block_start", { index, content_block: { type: "text", text: "" } });
      if (index === 0) push("ping", {});
      for (const text of splitText(block.text, chunks)) push("content_block_delta", { index, delta: { type: "text_delta", text } }, true);
    } else {
      push("content_block_start", { index, content_block: { ...block, input: {} } });
      if (index === 0) push("ping", {});
      for (const partial_json of splitArguments(JSON.stringify(block.input), chunks)) {
        push("content_block_delta", { index, delta: { type: "input_json_delta", partial_json } }, true);
      }
    }
    push("content_block_stop", { index });
  });
  push("message_delta", { delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } });
  push("message_stop", {});
  return frames;
}

/** `POST /v1/messages`: text and tool_use blocks, JSON or SSE. */
export async function handleMessages(exchange: Exchange, budget: FailureBudget): Promise<void> {
  const body = exchange.body as MessagesRequest | undefined;
  const fail = (status: number, message: string) => sendAnthropicError(exchange, status, message);
  if (!body || typeof body.model !== "string" || !Array.isArray(body.messages) || typeof body.max_tokens !== "number") {
    fail(400, "model: Field required; messages: Field required; max_tokens: Field required");
    return;
  }
  const turn = messagesTurn(body.messages, body.system);
  const reply = planReply(turn, { allowTools: true });
  if (await runPreflight(exchange, reply.script, budget, turn.userText, fail)) return;

  const blocks: ContentBlock[] = [];
  if (reply.text !== null) blocks.push({ type: "text", text: reply.text });
  for (const call of reply.toolCalls) blocks.push({ type: "tool_use", id: providerId("toolu_"), name: call.name, input: JSON.parse(call.arguments) });
  const stopReason = reply.toolCalls.length > 0 ? "tool_use" : "end_turn";
  const inputTokens = estimateTokens(turn.promptText);
  const outputTokens = estimateTokens((reply.text ?? "") + reply.toolCalls.map((t) => t.arguments).join(""));
  const requestId = providerId("req_");
  const id = providerId("msg_");

  const message = { id, type: "message" as const, role: "assistant" as const, model: body.model };
  if (body.stream === true) {
    const frames = streamFrames({ message, blocks, stopReason, inputTokens, outputTokens, chunks: reply.script.chunks });
    await playStream(exchange, frames, reply.script, anthropicHeaders(requestId));
    return;
  }
  const payload = {
    ...message,
    content: blocks,
    stop_reason: stopReason,
    stop_sequence: null,
    usage: usage(inputTokens, outputTokens),
  };
  await sendScriptedJson(exchange, payload, reply.script, anthropicHeaders(requestId));
}

/** `POST /v1/messages/count_tokens`. */
export function handleCountTokens(exchange: Exchange): void {
  const body = exchange.body as MessagesRequest | undefined;
  if (!body || !Array.isArray(body.messages)) {
    sendAnthropicError(exchange, 400, "messages: Field required");
    return;
  }
  exchange.sendJson(200, { input_tokens: estimateTokens(messagesTurn(body.messages, body.system).promptText) }, anthropicHeaders(providerId("req_")));
}

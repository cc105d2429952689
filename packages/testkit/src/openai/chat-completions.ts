import type { Exchange } from "../http/exchange";
import { providerId, unixSeconds } from "../http/ids";
import { sseData } from "../http/sse";
import type { FailureBudget } from "../scripting/failure-budget";
import { playStream, runPreflight, sendScriptedJson, type Frame } from "../scripting/playback";
import { estimateTokens, planReply, splitArguments, splitText, type PlannedReply } from "../scripting/reply";
import { openAIHeaders, sendOpenAIError } from "./openai-errors";
import { chatTurn } from "./openai-turns";

interface ChatRequest {
  model?: unknown;
  messages?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
}

interface ToolCallOut {
  id: string;
  type: "function";
  function: { name: string; arguments: string };
}

function usageOf(promptText: string, reply: PlannedReply) {
  const prompt_tokens = estimateTokens(promptText);
  const completion_tokens = estimateTokens((reply.text ?? "") + reply.toolCalls.map((t) => t.arguments).join(""));
  return {
    prompt_tokens,
    completion_tokens,
    total_tokens: prompt_tokens + completion_tokens,
    prompt_tokens_details: { cached_tokens: 0, audio_tokens: 0 },
    completion_tokens_details: { reasoning_tokens: 0, audio_tokens: 0, accepted_prediction_tokens: 0, rejected_prediction_tokens: 0 },
  };
}

function streamFrames(
  base: Record<string, unknown>,
  reply: PlannedReply,
  toolCalls: ToolCallOut[],
  usage: ReturnType<typeof usageOf> | undefined,
): Frame[] {
  const withUsage = usage ? { usage: null } : {};
  const chunk = (delta: Record<string, unknown>, finish_reason: string | null = null) =>
    sseData({ ...base, choices: [{ index: 0, delta, logprobs: null, finish_reason }], ...withUsage });
  const frames: Frame[] = [];
  const chunks = reply.script.chunks;
  frames.push({ data: chunk({ role: "assistant", content: reply.text === null ? null : "", refusal: null }), content: false });
  for (const piece of splitText(reply.text ?? "", chunks)) frames.push({ data: chunk({ content: piece }), content: true });
  toolCalls.forEach((call, index) => {
    const opening = { index, id: call.id, type: "function", function: { name: call.function.name, arguments: "" } };
    frames.push({ data: chunk({ tool_calls: [opening] }), content: true });
    for (const fragment of splitArguments(call.function.arguments, chunks)) {
      frames.push({ data: chunk({ tool_calls: [{ index, function: { arguments: fragment } }] }), content: true });
    }
  });
  frames.push({ data: chunk({}, toolCalls.length > 0 ? "tool_calls" : "stop"), content: false });
  if (usage) frames.push({ data: sseData({ ...base, choices: [], usage }), content: false });
  frames.push({ data: sseData("[DONE]"), content: false });
  return frames;
}

/** `POST /v1/chat/completions`, JSON or SSE, text or tool calls. */
export async function handleChatCompletions(exchange: Exchange, budget: FailureBudget): Promise<void> {
  const body = exchange.body as ChatRequest | undefined;
  const fail = (status: number, message: string) => sendOpenAIError(exchange, status, message);
  if (!body || typeof body.model !== "string" || !Array.isArray(body.messages)) {
    fail(400, "Invalid request: 'model' (string) and 'messages' (array) are required.");
    return;
  }
  const turn = chatTurn(body.messages);
  const reply = planReply(turn, { allowTools: true });
  if (await runPreflight(exchange, reply.script, budget, turn.userText, fail)) return;

  const toolCalls: ToolCallOut[] = reply.toolCalls.map((call) => ({
    id: providerId("call_"),
    type: "function",
    function: { name: call.name, arguments: call.arguments },
  }));
  const usage = usageOf(turn.promptText, reply);
  const base = {
    id: providerId("chatcmpl-"),
    object: body.stream === true ? "chat.completion.chunk" : "chat.completion",
    created: unixSeconds(),
    model: body.model,
    service_tier: "default",
    system_fingerprint: "fp_testkit",
  };

  if (body.stream === true) {
    const includeUsage = body.stream_options?.include_usage === true;
    await playStream(exchange, streamFrames(base, reply, toolCalls, includeUsage ? usage : undefined), reply.script, openAIHeaders());
    return;
  }
  const message = {
    role: "assistant",
    content: reply.text,
    refusal: null,
    annotations: [],
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
  };
  const completion = {
    ...base,
    choices: [{ index: 0, message, logprobs: null, finish_reason: toolCalls.length > 0 ? "tool_calls" : "stop" }],
    usage,
  };
  await sendScriptedJson(exchange, completion, reply.script, openAIHeaders());
}

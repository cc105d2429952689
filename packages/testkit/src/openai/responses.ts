import type { Exchange } from "../http/exchange";
import { providerId, unixSeconds } from "../http/ids";
import { sseEvent } from "../http/sse";
import type { FailureBudget } from "../scripting/failure-budget";
import { playStream, runPreflight, sendScriptedJson, type Frame } from "../scripting/playback";
import { estimateTokens, planReply, splitArguments, splitText } from "../scripting/reply";
import { openAIHeaders, sendOpenAIError } from "./openai-errors";
import { responsesTurn } from "./openai-turns";

interface ResponsesRequest {
  model?: unknown;
  input?: unknown;
  instructions?: unknown;
  stream?: unknown;
  tools?: unknown;
  tool_choice?: unknown;
  temperature?: unknown;
  top_p?: unknown;
  max_output_tokens?: unknown;
  previous_response_id?: unknown;
  store?: unknown;
  metadata?: unknown;
}

type OutputItem = Record<string, unknown> & { id: string; type: string };

function outputText(text: string) {
  return { type: "output_text", text, annotations: [], logprobs: [] };
}

/** The `response` object with every field the API returns, before output and usage are known. */
function responseShell(body: ResponsesRequest, model: string) {
  return {
    id: providerId("resp_"),
    object: "response",
    created_at: unixSeconds(),
    status: "in_progress",
    background: false,
    error: null,
    incomplete_details: null,
    instructions: body.instructions ?? null,
    max_output_tokens: body.max_output_tokens ?? null,
    metadata: body.metadata ?? {},
    model,
    output: [] as OutputItem[],
    parallel_tool_calls: true,
    previous_response_id: body.previous_response_id ?? null,
    reasoning: { effort: null, summary: null },
    service_tier: "default",
    store: body.store ?? true,
    temperature: body.temperature ?? 1,
    text: { format: { type: "text" } },
    tool_choice: body.tool_choice ?? "auto",
    tools: body.tools ?? [],
    top_p: body.top_p ?? 1,
    truncation: "disabled",
    usage: null as unknown,
    user: null,
  };
}

/**
 * Builds the event sequence the Responses API streams: created → in_progress → per item
 * (added, parts and deltas, done) → completed. Sequence numbers are consecutive from 0.
 */
function streamFrames(shell: ReturnType<typeof responseShell>, items: OutputItem[], completed: typeof shell, chunks: number | undefined): Frame[] {
  const frames: Frame[] = [];
  const push = (type: string, fields: Record<string, unknown>, content = false) =>
    frames.push({ data: sseEvent(type, { type, sequence_number: frames.length, ...fields }), content });
  push("response.created", { response: shell });
  push("response.in_progress", { response: shell });
  items.forEach((item, output_index) => {
    if (item.type === "message") {
      const text = ((item.content as { text: string }[])[0]?.text ?? "");
      const ids = { item_id: item.id, output_index, content_index: 0 };
      push("response.output_item.added", { output_index, item: { ...item, status: "in_progress", content: [] } });
      push("response.content_part.added", { ...ids, part: outputText("") });
      for (const delta of splitText(text, chunks)) push("response.output_text.delta", { ...ids, delta, logprobs: [] }, true);
      push("response.output_text.done", { ...ids, text, logprobs: [] });
      push("response.content_part.done", { ...ids, part: outputText(text) });
    } else {
      const args = String(item.arguments);
      const ids = { item_id: item.id, output_index };
      push("response.output_item.added", { output_index, item: { ...item, status: "in_progress", arguments: "" } });
      for (const delta of splitArguments(args, chunks)) push("response.function_call_arguments.delta", { ...ids, delta }, true);
      push("response.function_call_arguments.done", { ...ids, name: item.name, arguments: args });
    }
    push("response.output_item.done", { output_index, item });
  });
  push("response.completed", { response: completed });
  return frames;
}

/** `POST /v1/responses`: text and function calls, JSON or the typed SSE event stream. */
export async function handleResponses(exchange: Exchange, budget: FailureBudget): Promise<void> {
  const body = exchange.body as ResponsesRequest | undefined;
  const fail = (status: number, message: string) => sendOpenAIError(exchange, status, message);
  if (!body || typeof body.model !== "string" || body.input === undefined) {
    fail(400, "Invalid request: 'model' and 'input' are required.");
    return;
  }
  const turn = responsesTurn(body.input);
  const reply = planReply(turn, { allowTools: true });
  if (await runPreflight(exchange, reply.script, budget, turn.userText, fail)) return;

  const items: OutputItem[] = [];
  if (reply.text !== null) {
    items.push({ id: providerId("msg_"), type: "message", status: "completed", role: "assistant", content: [outputText(reply.text)] });
  }
  for (const call of reply.toolCalls) {
    items.push({ id: providerId("fc_"), type: "function_call", status: "completed", arguments: call.arguments, call_id: providerId("call_"), name: call.name });
  }
  const input_tokens = estimateTokens(turn.promptText);
  const output_tokens = estimateTokens((reply.text ?? "") + reply.toolCalls.map((t) => t.arguments).join(""));
  const shell = responseShell(body, body.model);
  const completed = {
    ...shell,
    status: "completed",
    output: items,
    usage: {
      input_tokens,
      input_tokens_details: { cached_tokens: 0 },
      output_tokens,
      output_tokens_details: { reasoning_tokens: 0 },
      total_tokens: input_tokens + output_tokens,
    },
  };
  if (body.stream === true) {
    await playStream(exchange, streamFrames(shell, items, completed, reply.script.chunks), reply.script, openAIHeaders());
    return;
  }
  await sendScriptedJson(exchange, completed, reply.script, openAIHeaders());
}

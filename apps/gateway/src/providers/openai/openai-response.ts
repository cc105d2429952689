// Reads OpenAI-style JSON responses: text, tool calls, usage and finish reason.
import { asArray, asString, contentText, isRecord } from "../json-walk";
import type { ResponseView, TokenUsage, ToolCallView } from "../types";

export function openAIUsage(usage: unknown): TokenUsage | null {
  if (!isRecord(usage)) return null;
  const input = usage.prompt_tokens ?? usage.input_tokens;
  const output = usage.completion_tokens ?? usage.output_tokens ?? 0;
  if (typeof input !== "number" || typeof output !== "number") return null;
  return { inputTokens: input, outputTokens: output };
}

export function describeOpenAIResponse(body: unknown): ResponseView {
  const view: ResponseView = { text: "", toolCalls: [], usage: null, finishReason: null };
  if (!isRecord(body)) return view;
  view.usage = openAIUsage(body.usage);
  for (const choice of asArray(body.choices)) {
    if (!isRecord(choice)) continue;
    view.finishReason ??= asString(choice.finish_reason) ?? null;
    if (typeof choice.text === "string") view.text += choice.text;
    const message = isRecord(choice.message) ? choice.message : undefined;
    if (!message) continue;
    view.text += contentText(message.content);
    for (const call of asArray(message.tool_calls)) {
      if (!isRecord(call) || !isRecord(call.function)) continue;
      const tool: ToolCallView = { name: asString(call.function.name) ?? "", arguments: asString(call.function.arguments) ?? "" };
      const id = asString(call.id);
      view.toolCalls.push(id ? { id, ...tool } : tool);
    }
  }
  // Responses API: output items.
  for (const item of asArray(body.output)) {
    if (!isRecord(item)) continue;
    if (item.type === "message") view.text += contentText(item.content);
    if (item.type === "function_call") {
      view.toolCalls.push({ name: asString(item.name) ?? "", arguments: asString(item.arguments) ?? "" });
    }
  }
  if (!view.finishReason && typeof body.status === "string") view.finishReason = body.status;
  return view;
}

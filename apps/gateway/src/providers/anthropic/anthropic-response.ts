import { asArray, asString, isRecord } from "../json-walk";
import type { ResponseView, TokenUsage } from "../types";

export function anthropicUsage(usage: unknown, previous: TokenUsage | null = null): TokenUsage | null {
  if (!isRecord(usage)) return previous;
  const input = typeof usage.input_tokens === "number" ? usage.input_tokens : previous?.inputTokens ?? 0;
  const output = typeof usage.output_tokens === "number" ? usage.output_tokens : previous?.outputTokens ?? 0;
  return { inputTokens: input, outputTokens: output };
}

export function describeAnthropicResponse(_path: string, body: unknown): ResponseView {
  const view: ResponseView = { text: "", toolCalls: [], usage: null, finishReason: null };
  if (!isRecord(body)) return view;
  view.usage = anthropicUsage(body.usage);
  view.finishReason = asString(body.stop_reason) ?? null;
  for (const block of asArray(body.content)) {
    if (!isRecord(block)) continue;
    if (block.type === "text" && typeof block.text === "string") view.text += block.text;
    if (block.type === "tool_use" || block.type === "server_tool_use") {
      const id = asString(block.id);
      view.toolCalls.push({ ...(id ? { id } : {}), name: asString(block.name) ?? "", arguments: JSON.stringify(block.input ?? {}) });
    }
  }
  return view;
}

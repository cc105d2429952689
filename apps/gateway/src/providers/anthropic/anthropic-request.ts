// Reads Anthropic Messages API request bodies.
import type { MessageSummary, ToolSummary } from "@airlock/recording";
import { asArray, asString, contentText, isRecord } from "../json-walk";
import type { RequestView, ToolCallView } from "../types";

const MAX_SUMMARY_TEXT = 8_000;

function clip(text: string): { text: string; truncated?: boolean } {
  return text.length > MAX_SUMMARY_TEXT ? { text: text.slice(0, MAX_SUMMARY_TEXT), truncated: true } : { text };
}

function toolsOf(tools: unknown): ToolSummary[] {
  const out: ToolSummary[] = [];
  for (const tool of asArray(tools)) {
    if (!isRecord(tool)) continue;
    const name = asString(tool.name);
    if (!name) continue;
    const description = asString(tool.description);
    out.push({ name, ...(description ? { description: description.slice(0, 500) } : {}) });
  }
  return out;
}

export function describeAnthropicRequest(_path: string, body: unknown): RequestView {
  const view: RequestView = { model: null, stream: false, texts: [], toolCalls: [], messages: [], tools: [] };
  if (!isRecord(body)) return view;
  view.model = asString(body.model) ?? null;
  view.stream = body.stream === true;
  const system = contentText(body.system);
  if (system) {
    view.texts.push(system);
    view.messages.push({ role: "system", ...clip(system) });
  }
  for (const message of asArray(body.messages)) {
    if (!isRecord(message)) continue;
    const role = asString(message.role) ?? "user";
    const calls: ToolCallView[] = [];
    let toolCallId: string | undefined;
    for (const block of asArray(message.content)) {
      if (!isRecord(block)) continue;
      if (block.type === "tool_use") {
        calls.push({ ...(asString(block.id) ? { id: asString(block.id) } : {}), name: asString(block.name) ?? "", arguments: JSON.stringify(block.input ?? {}) });
      } else if (block.type === "tool_result") {
        toolCallId = asString(block.tool_use_id);
      }
    }
    const text = contentText(message.content);
    if (text) view.texts.push(text);
    view.toolCalls.push(...calls);
    const summary: MessageSummary = {
      role,
      ...clip(text),
      ...(toolCallId ? { toolCallId } : {}),
      ...(calls.length ? { toolCalls: calls.map((c) => ({ ...(c.id ? { id: c.id } : {}), name: c.name, arguments: c.arguments })) } : {}),
    };
    view.messages.push(summary);
  }
  view.tools = toolsOf(body.tools);
  view.toolCalls.push(...view.tools.map((t) => ({ name: t.name, arguments: "" })));
  return view;
}

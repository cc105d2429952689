// Reads OpenAI-style request bodies: chat completions, legacy completions, embeddings, responses.
import type { MessageSummary, ToolSummary } from "@airlock/recording";
import { asArray, asString, contentText, isRecord } from "../json-walk";
import type { RequestView, ToolCallView } from "../types";
import { openAIEndpoint } from "./endpoints";

const MAX_SUMMARY_TEXT = 8_000;

function summary(role: string, text: string, extra: Partial<MessageSummary> = {}): MessageSummary {
  const truncated = text.length > MAX_SUMMARY_TEXT;
  return { role, text: truncated ? text.slice(0, MAX_SUMMARY_TEXT) : text, ...extra, ...(truncated ? { truncated } : {}) };
}

function toolDefinitions(tools: unknown, functions: unknown): { summaries: ToolSummary[]; calls: ToolCallView[] } {
  const summaries: ToolSummary[] = [];
  for (const tool of [...asArray(tools), ...asArray(functions)]) {
    if (!isRecord(tool)) continue;
    const fn = isRecord(tool.function) ? tool.function : tool;
    const name = asString(fn.name) ?? asString(tool.type);
    if (!name) continue;
    const description = asString(fn.description);
    summaries.push({ name, ...(description ? { description: description.slice(0, 500) } : {}) });
  }
  return { summaries, calls: summaries.map((t) => ({ name: t.name, arguments: "" })) };
}

function chatView(body: Record<string, unknown>, view: RequestView): void {
  for (const message of asArray(body.messages)) {
    if (!isRecord(message)) continue;
    const role = asString(message.role) ?? "user";
    const text = contentText(message.content);
    if (text) view.texts.push(text);
    const calls: ToolCallView[] = [];
    for (const call of asArray(message.tool_calls)) {
      if (!isRecord(call) || !isRecord(call.function)) continue;
      const name = asString(call.function.name) ?? "";
      const args = asString(call.function.arguments) ?? "";
      calls.push({ ...(asString(call.id) ? { id: asString(call.id) } : {}), name, arguments: args });
    }
    view.toolCalls.push(...calls);
    const toolCallId = asString(message.tool_call_id);
    const name = asString(message.name);
    view.messages.push(
      summary(role, text, {
        ...(name ? { name } : {}),
        ...(toolCallId ? { toolCallId } : {}),
        ...(calls.length ? { toolCalls: calls.map((c) => ({ ...(c.id ? { id: c.id } : {}), name: c.name, arguments: c.arguments })) } : {}),
      }),
    );
  }
}

function responsesView(body: Record<string, unknown>, view: RequestView): void {
  const instructions = asString(body.instructions);
  if (instructions) {
    view.texts.push(instructions);
    view.messages.push(summary("system", instructions));
  }
  if (typeof body.input === "string") {
    view.texts.push(body.input);
    view.messages.push(summary("user", body.input));
    return;
  }
  for (const item of asArray(body.input)) {
    if (!isRecord(item)) continue;
    if (item.type === "function_call") {
      const call = { name: asString(item.name) ?? "", arguments: asString(item.arguments) ?? "" };
      view.toolCalls.push(call);
      view.messages.push(summary("assistant", "", { toolCalls: [call] }));
    } else if (item.type === "function_call_output") {
      const output = typeof item.output === "string" ? item.output : contentText(item.output);
      if (output) view.texts.push(output);
      const callId = asString(item.call_id);
      view.messages.push(summary("tool", output, callId ? { toolCallId: callId } : {}));
    } else {
      const text = contentText(item.content);
      if (text) view.texts.push(text);
      view.messages.push(summary(asString(item.role) ?? "user", text));
    }
  }
}

function inputView(input: unknown, role: string, view: RequestView): void {
  for (const value of typeof input === "string" ? [input] : asArray(input)) {
    if (typeof value !== "string") continue;
    view.texts.push(value);
    view.messages.push(summary(role, value));
  }
}

export function describeOpenAIRequest(path: string, body: unknown): RequestView {
  const view: RequestView = { model: null, stream: false, texts: [], toolCalls: [], messages: [], tools: [] };
  if (!isRecord(body)) return view;
  view.model = asString(body.model) ?? null;
  view.stream = body.stream === true;
  const endpoint = openAIEndpoint(path);
  if (endpoint === "chat") chatView(body, view);
  else if (endpoint === "responses") responsesView(body, view);
  else if (endpoint === "completions") inputView(body.prompt, "user", view);
  else if (endpoint === "embeddings") inputView(body.input, "input", view);
  const tools = toolDefinitions(body.tools, body.functions);
  view.tools = tools.summaries;
  view.toolCalls.push(...tools.calls);
  return view;
}

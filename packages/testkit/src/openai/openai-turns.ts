import { contentText, type Turn } from "../scripting/reply";

interface Message {
  role?: unknown;
  type?: unknown;
  content?: unknown;
  output?: unknown;
}

function asMessages(value: unknown): Message[] {
  return Array.isArray(value) ? value.filter((m): m is Message => typeof m === "object" && m !== null) : [];
}

/** Chat Completions: the last user message, or the tool result the conversation ends with. */
export function chatTurn(messages: unknown): Turn {
  const list = asMessages(messages);
  const promptText = list.map((m) => contentText(m.content)).join("\n");
  const last = list.at(-1);
  const lastUser = list.findLast((m) => m.role === "user");
  const userText = contentText(lastUser?.content);
  if (last?.role === "tool" || last?.role === "function") return { userText, toolResult: contentText(last.content), promptText };
  return { userText, promptText };
}

/** Responses API: `input` is a string or a list of message / function_call_output items. */
export function responsesTurn(input: unknown): Turn {
  if (typeof input === "string") return { userText: input, promptText: input };
  const items = asMessages(input);
  const promptText = items.map((item) => contentText(item.content ?? item.output)).join("\n");
  const last = items.at(-1);
  const userText = contentText(items.findLast((item) => item.role === "user")?.content);
  if (last?.type === "function_call_output") return { userText, toolResult: contentText(last.output), promptText };
  return { userText, promptText };
}

/** Legacy completions: `prompt` is a string or a list of strings (the last one steers). */
export function promptTurn(prompt: unknown): Turn {
  const prompts = Array.isArray(prompt) ? prompt.filter((p): p is string => typeof p === "string") : [];
  const text = typeof prompt === "string" ? prompt : (prompts.at(-1) ?? "");
  return { userText: text, promptText: typeof prompt === "string" ? prompt : prompts.join("\n") };
}

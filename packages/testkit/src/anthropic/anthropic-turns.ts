import { contentText, type Turn } from "../scripting/reply";

interface Block {
  type?: unknown;
  text?: unknown;
  content?: unknown;
}

interface Message {
  role?: unknown;
  content?: unknown;
}

function blocksOf(content: unknown): Block[] {
  if (typeof content === "string") return [{ type: "text", text: content }];
  return Array.isArray(content) ? content.filter((b): b is Block => typeof b === "object" && b !== null) : [];
}

function textOf(content: unknown): string {
  return blocksOf(content)
    .filter((b) => b.type === "text" && typeof b.text === "string")
    .map((b) => b.text as string)
    .join("\n");
}

/**
 * Messages API: tool results travel inside a user message as `tool_result` blocks; a user message
 * made only of those is a tool-result turn, otherwise its text blocks steer the reply.
 */
export function messagesTurn(messages: unknown, system: unknown): Turn {
  const list = Array.isArray(messages) ? messages.filter((m): m is Message => typeof m === "object" && m !== null) : [];
  const promptText = [textOf(system), ...list.map((m) => textOf(m.content))].join("\n");
  const lastUser = list.findLast((m) => m.role === "user");
  const blocks = blocksOf(lastUser?.content);
  const results = blocks.filter((b) => b.type === "tool_result");
  const userText = textOf(lastUser?.content);
  if (results.length > 0 && userText === "") {
    return { userText, toolResult: results.map((b) => contentText(b.content)).join("\n"), promptText };
  }
  return { userText, promptText };
}

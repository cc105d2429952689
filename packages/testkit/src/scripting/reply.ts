import { parseScript, sayScript, type Script, type ScriptedToolCall } from "./directives";

/** What a provider adapter extracts from a request body to decide its reply. */
export interface Turn {
  /** Text of the last user message (directives included). */
  userText: string;
  /** Set when the conversation ends with a tool result instead of a user message. */
  toolResult?: string;
  /** All prompt text, for deterministic token counts. */
  promptText: string;
}

export interface PlannedReply {
  script: Script;
  /** Assistant text, or null when the reply is tool calls only. */
  text: string | null;
  toolCalls: ScriptedToolCall[];
}

/**
 * The deterministic reply: `Echo: <user text>` by default, so a test reads back what the provider
 * actually saw; `[[say:…]]` and `[[tool:…]]` override it. A turn that ends with a tool result is
 * answered `Tool result: <content>`, which also stops agent loops after one tool round-trip.
 */
export function planReply(turn: Turn, options: { allowTools: boolean }): PlannedReply {
  const script = turn.toolResult === undefined ? parseScript(turn.userText) : sayScript(`Tool result: ${turn.toolResult}`);
  const toolCalls = options.allowTools ? script.tools : [];
  const text = script.say ?? (toolCalls.length > 0 ? null : `Echo: ${script.text}`);
  return { script, text, toolCalls };
}

/**
 * Splits text into streamed pieces: word by word by default, or into `count` pieces of near-equal
 * length (fewer when the text is shorter than `count` characters). Never splits a code point.
 */
export function splitText(text: string, count?: number): string[] {
  if (text === "") return [];
  if (count === undefined) return text.match(/\s*\S+\s*/g) ?? [text];
  const chars = Array.from(text);
  const pieces = Math.min(count, chars.length);
  const out: string[] = [];
  for (let i = 0; i < pieces; i++) {
    const start = Math.floor((i * chars.length) / pieces);
    const end = Math.floor(((i + 1) * chars.length) / pieces);
    out.push(chars.slice(start, end).join(""));
  }
  return out;
}

/** Tool-call arguments stream as small fragments, as the real providers send them. */
export function splitArguments(json: string, count?: number): string[] {
  if (count !== undefined) return splitText(json, count);
  const out: string[] = [];
  for (let i = 0; i < json.length; i += 5) out.push(json.slice(i, i + 5));
  return out;
}

/** A stable stand-in for a tokenizer: about four characters per token, at least one. */
export function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

/** Joins the text parts of a message content that is either a string or a list of parts. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((part: unknown) => {
      if (typeof part === "string") return part;
      if (part && typeof part === "object" && "text" in part && typeof part.text === "string") return part.text;
      return "";
    })
    .filter((text) => text !== "")
    .join("\n");
}

import type { OutgoingHttpHeaders } from "node:http";

/** Headers the providers send on `text/event-stream` responses. */
export const SSE_HEADERS: OutgoingHttpHeaders = {
  "content-type": "text/event-stream; charset=utf-8",
  "cache-control": "no-cache",
  connection: "keep-alive",
};

/** A data-only server-sent event (OpenAI chat/completions framing). */
export function sseData(payload: unknown): string {
  return `data: ${typeof payload === "string" ? payload : JSON.stringify(payload)}\n\n`;
}

/** A named server-sent event (Anthropic messages and OpenAI responses framing). */
export function sseEvent(event: string, payload: unknown): string {
  return `event: ${event}\ndata: ${JSON.stringify(payload)}\n\n`;
}

// What the load generators send and what the bench upstream answers, shared by both sides so the
// upstream can pick its reply from a marker in the request body without parsing JSON.

export type ReplyKind = "json-1k" | "json-16k" | "sse" | "sse-slow";

export const MODEL_FOR: Record<ReplyKind, string> = {
  "json-1k": "bench-1k",
  "json-16k": "bench-16k",
  sse: "bench-stream",
  "sse-slow": "bench-slow",
};

/**
 * A chat-completion request shaped like the OpenAI SDK's (compact JSON, as the SDK serialises).
 * `contextBytes` adds that much retrieved text to the system prompt, as an agent or RAG app sends.
 */
export function requestBody(kind: ReplyKind, contextBytes = 0): string {
  const stream = kind === "sse" || kind === "sse-slow";
  const context = contextBytes > 0 ? ` Base the answer on these excerpts:\n${prose(contextBytes)}` : "";
  return JSON.stringify({
    model: MODEL_FOR[kind],
    messages: [
      { role: "system", content: `You are a concise assistant for the finance team. Answer in plain English.${context}` },
      { role: "user", content: "Summarise the quarterly revenue report in three short bullet points, with the main risks first." },
    ],
    temperature: 0.2,
    ...(stream ? { stream: true, stream_options: { include_usage: true } } : {}),
  });
}

/** Which reply a raw request body asks for (a substring test: cheap, and exact for our bodies). */
export function replyKindOf(body: string): ReplyKind {
  if (body.includes(`"model":"${MODEL_FOR["sse-slow"]}"`)) return "sse-slow";
  if (body.includes(`"model":"${MODEL_FOR.sse}"`)) return "sse";
  if (body.includes(`"model":"${MODEL_FOR["json-16k"]}"`)) return "json-16k";
  return "json-1k";
}

// Ordinary prose with no e-mail addresses, card numbers or keys: the masking configuration scans
// every byte but finds nothing, so every configuration returns the same bytes.
const PROSE =
  "Revenue grew in every region this quarter while operating costs stayed flat, and the team expects the " +
  "new pricing to lift margins further next year provided that supply delays ease as planned. ";

function prose(length: number): string {
  return PROSE.repeat(Math.ceil(length / PROSE.length) + 1).slice(0, Math.max(0, length));
}

/** A complete OpenAI chat.completion JSON body of exactly `bytes` bytes. */
export function chatCompletion(bytes: number): string {
  const build = (content: string) =>
    JSON.stringify({
      id: "chatcmpl-bench0001",
      object: "chat.completion",
      created: 1_760_000_000,
      model: "gpt-4o-mini-2024-07-18",
      choices: [{ index: 0, message: { role: "assistant", content, refusal: null }, logprobs: null, finish_reason: "stop" }],
      usage: { prompt_tokens: 42, completion_tokens: Math.round(bytes / 4), total_tokens: 42 + Math.round(bytes / 4) },
      system_fingerprint: "fp_bench",
    });
  const overhead = Buffer.byteLength(build(""));
  return build(prose(bytes - overhead));
}

function chunkEvent(delta: Record<string, unknown>, finishReason: string | null): string {
  const chunk = {
    id: "chatcmpl-bench0002",
    object: "chat.completion.chunk",
    created: 1_760_000_000,
    model: "gpt-4o-mini-2024-07-18",
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    usage: null,
  };
  return `data: ${JSON.stringify(chunk)}\n\n`;
}

export const STREAM_WORDS = PROSE.split(/(?<= )/).slice(0, 20);

/** The SSE events of one streamed reply, in order: role, one word per event, finish, usage, [DONE]. */
export function sseEvents(): string[] {
  const usage = {
    id: "chatcmpl-bench0002",
    object: "chat.completion.chunk",
    created: 1_760_000_000,
    model: "gpt-4o-mini-2024-07-18",
    choices: [],
    usage: { prompt_tokens: 42, completion_tokens: STREAM_WORDS.length, total_tokens: 42 + STREAM_WORDS.length },
  };
  return [
    chunkEvent({ role: "assistant", content: "", refusal: null }, null),
    ...STREAM_WORDS.map((word) => chunkEvent({ content: word }, null)),
    chunkEvent({}, "stop"),
    `data: ${JSON.stringify(usage)}\n\n`,
    "data: [DONE]\n\n",
  ];
}

/** True once `text` (an SSE body so far) holds an event with non-empty delta content: the first token. */
export function hasFirstToken(text: string): boolean {
  return /"content":"[^"]/.test(text);
}

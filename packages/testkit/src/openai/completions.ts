import type { Exchange } from "../http/exchange";
import { providerId, unixSeconds } from "../http/ids";
import { sseData } from "../http/sse";
import type { FailureBudget } from "../scripting/failure-budget";
import { playStream, runPreflight, sendScriptedJson, type Frame } from "../scripting/playback";
import { estimateTokens, planReply, splitText } from "../scripting/reply";
import { openAIHeaders, sendOpenAIError } from "./openai-errors";
import { promptTurn } from "./openai-turns";

interface CompletionRequest {
  model?: unknown;
  prompt?: unknown;
  stream?: unknown;
  stream_options?: { include_usage?: unknown } | null;
}

/** `POST /v1/completions`, the legacy text completion endpoint (JSON or SSE). */
export async function handleCompletions(exchange: Exchange, budget: FailureBudget): Promise<void> {
  const body = exchange.body as CompletionRequest | undefined;
  const fail = (status: number, message: string) => sendOpenAIError(exchange, status, message);
  if (!body || typeof body.model !== "string" || body.prompt === undefined) {
    fail(400, "Invalid request: 'model' and 'prompt' are required.");
    return;
  }
  const turn = promptTurn(body.prompt);
  const reply = planReply(turn, { allowTools: false });
  if (await runPreflight(exchange, reply.script, budget, turn.userText, fail)) return;

  const text = reply.text ?? "";
  const prompt_tokens = estimateTokens(turn.promptText);
  const completion_tokens = estimateTokens(text);
  const usage = { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
  const base = { id: providerId("cmpl-"), object: "text_completion", created: unixSeconds(), model: body.model, system_fingerprint: "fp_testkit" };
  const choice = (piece: string, finish_reason: string | null) => ({ text: piece, index: 0, logprobs: null, finish_reason });

  if (body.stream === true) {
    const includeUsage = body.stream_options?.include_usage === true;
    const withUsage = includeUsage ? { usage: null } : {};
    const frames: Frame[] = splitText(text, reply.script.chunks).map((piece) => ({
      data: sseData({ ...base, choices: [choice(piece, null)], ...withUsage }),
      content: true,
    }));
    frames.push({ data: sseData({ ...base, choices: [choice("", "stop")], ...withUsage }), content: false });
    if (includeUsage) frames.push({ data: sseData({ ...base, choices: [], usage }), content: false });
    frames.push({ data: sseData("[DONE]"), content: false });
    await playStream(exchange, frames, reply.script, openAIHeaders());
    return;
  }
  await sendScriptedJson(exchange, { ...base, choices: [choice(text, "stop")], usage }, reply.script, openAIHeaders());
}

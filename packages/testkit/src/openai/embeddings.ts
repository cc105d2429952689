import { createHash } from "node:crypto";
import type { Exchange } from "../http/exchange";
import { parseScript } from "../scripting/directives";
import type { FailureBudget } from "../scripting/failure-budget";
import { runPreflight, sendScriptedJson } from "../scripting/playback";
import { estimateTokens } from "../scripting/reply";
import { openAIHeaders, sendOpenAIError } from "./openai-errors";

interface EmbeddingRequest {
  model?: unknown;
  input?: unknown;
  encoding_format?: unknown;
  dimensions?: unknown;
}

/**
 * The vector the fake upstream returns for `text`: unit length, derived from SHA-256 of the text,
 * so a test can recompute it to check exactly what reached the provider.
 */
export function deterministicEmbedding(text: string, dimensions: number): number[] {
  const values: number[] = [];
  for (let block = 0; values.length < dimensions; block++) {
    const digest = createHash("sha256").update(`${block}:${text}`).digest();
    for (let i = 0; i + 4 <= digest.length && values.length < dimensions; i += 4) {
      values.push(digest.readUInt32LE(i) / 0xffffffff - 0.5);
    }
  }
  const norm = Math.hypot(...values) || 1;
  // Rounded through float32 so the JSON and base64 encodings carry the same numbers.
  return Array.from(new Float32Array(values.map((v) => v / norm)));
}

function toBase64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, i) => bytes.writeFloatLE(value, i * 4));
  return bytes.toString("base64");
}

/** Accepts every `input` shape the API does: a string, strings, a token array, token arrays. */
function inputsOf(input: unknown): string[] | undefined {
  if (typeof input === "string") return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((item) => typeof item === "number")) return [JSON.stringify(input)];
  if (input.every((item) => typeof item === "string")) return input as string[];
  if (input.every((item) => Array.isArray(item))) return input.map((item) => JSON.stringify(item));
  return undefined;
}

/** `POST /v1/embeddings`: float or base64 vectors (the openai SDK asks for base64 by default). */
export async function handleEmbeddings(exchange: Exchange, budget: FailureBudget, defaultDimensions: number): Promise<void> {
  const body = exchange.body as EmbeddingRequest | undefined;
  const fail = (status: number, message: string, param?: string) => sendOpenAIError(exchange, status, message, param ? { param } : {});
  const inputs = inputsOf(body?.input);
  if (!body || typeof body.model !== "string" || !inputs) {
    fail(400, "Invalid request: 'model' and a non-empty 'input' are required.", "input");
    return;
  }
  const format = body.encoding_format ?? "float";
  if (format !== "float" && format !== "base64") {
    fail(400, `Invalid encoding_format: ${JSON.stringify(format)}`, "encoding_format");
    return;
  }
  const dimensions = typeof body.dimensions === "number" && body.dimensions > 0 ? body.dimensions : defaultDimensions;
  const script = parseScript(inputs[0] ?? "");
  if (await runPreflight(exchange, script, budget, inputs[0] ?? "", fail)) return;

  const data = inputs.map((text, index) => {
    const vector = deterministicEmbedding(text, dimensions);
    return { object: "embedding", index, embedding: format === "base64" ? toBase64(vector) : vector };
  });
  const tokens = inputs.reduce((sum, text) => sum + estimateTokens(text), 0);
  const payload = { object: "list", data, model: body.model, usage: { prompt_tokens: tokens, total_tokens: tokens } };
  await sendScriptedJson(exchange, payload, script, openAIHeaders());
}

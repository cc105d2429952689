// Plain REST APIs: every method, path, query, header and body passes. JSON bodies are masked value
// by value; text bodies as text. Errors the gateway produces use OpenAI's shape (a common JSON shape).
import { bearer, setHeader } from "../credential";
import { openAIErrorBody } from "../error-shapes";
import { collectStrings, isRecord } from "../json-walk";
import type { ResponseFilter } from "../response-filter";
import { sseData, type ProviderAdapter, type StreamTransformer } from "../types";

const SKIP_KEYS: ReadonlySet<string> = new Set();

/** Server-sent events of an unknown API: each event's data is masked on its own. */
class GenericSseTransformer implements StreamTransformer {
  constructor(private readonly filter: ResponseFilter) {}

  onEvent(event: { event?: string | undefined; data: string }): string {
    let data: unknown;
    let parsed = true;
    try {
      data = JSON.parse(event.data);
    } catch {
      parsed = false;
    }
    // Response text rules judge each event on its own (its string values, or its data as text);
    // a blocked event is not sent, and the relay ends the stream with an error event.
    if (this.filter.guardsResponses) {
      const texts = parsed ? collectStrings(data, SKIP_KEYS) : [event.data];
      if (this.filter.checkWhole(texts, []).action === "block") return "";
    }
    if (!parsed) {
      const masked = this.filter.mask(event.data);
      this.filter.noteText(masked, true);
      return sseData(this.filter.restore(masked), event.event);
    }
    return sseData(this.filter.maskJson(data, SKIP_KEYS), event.event);
  }

  end(): string {
    return "";
  }
}

export const httpAdapter: ProviderAdapter = {
  kind: "http",
  skipKeys: SKIP_KEYS,
  expectsJson: (_method, _path, contentType) => /[/+]json\b/.test(contentType ?? ""),
  describeRequest(_path, body) {
    const texts = typeof body === "string" ? [body] : collectStrings(body, SKIP_KEYS);
    return { model: null, stream: false, texts, toolCalls: [], messages: [], tools: [] };
  },
  describeResponse(_path, body) {
    const text = typeof body === "string" ? body : isRecord(body) || Array.isArray(body) ? "" : String(body ?? "");
    return { text, toolCalls: [], usage: null, finishReason: null };
  },
  injectCredential(headers, secret, connection) {
    const header = connection.authHeader?.trim() || "authorization";
    if (header.toLowerCase() === "authorization") setHeader(headers, "authorization", bearer(secret));
    else setHeader(headers, header, secret);
  },
  errorBody: openAIErrorBody,
  streamError: (error) => sseData(openAIErrorBody(error)),
  createStreamTransformer: (_path, filter) => new GenericSseTransformer(filter),
};

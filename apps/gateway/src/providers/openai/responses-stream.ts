// Responses API streams: typed events (`response.output_text.delta`, `…function_call_arguments.delta`,
// `response.completed`, …). Text deltas use one masking channel per content part; function-call
// argument deltas are held until `…arguments.done`, checked, then sent as one delta. Other events
// carry whole values and are masked as such. A text rule that matches ends the stream after the
// text released before the match, before the `…output_text.done` that repeats the whole text.
import { asString, isRecord } from "../json-walk";
import type { TextChannel } from "../response-filter";
import { TypedEventStream } from "../typed-event-stream";
import { sseData } from "../types";
import { openAIUsage } from "./openai-response";

export class ResponsesStreamTransformer extends TypedEventStream {
  readonly #channels = new Map<string, TextChannel>();
  readonly #callNames = new Map<string, string>();

  protected onTypedEvent(data: Record<string, unknown>, type: string, name: string): string {
    const key = `${String(data.item_id)}:${String(data.content_index)}`;
    switch (type) {
      case "response.output_text.delta": {
        let channel = this.#channels.get(key);
        if (!channel) {
          channel = this.filter.channel();
          this.#channels.set(key, channel);
        }
        const out = typeof data.delta === "string" ? channel.push(data.delta) : "";
        if (!out) return "";
        data.delta = out;
        return sseData(data, name);
      }
      case "response.output_text.done": {
        const rest = this.#channels.get(key)?.flush() ?? "";
        this.#channels.delete(key);
        const flushed = rest ? sseData({ ...data, type: "response.output_text.delta", delta: rest, text: undefined }, "response.output_text.delta") : "";
        return this.filter.blocked ? flushed : flushed + this.masked(data, name);
      }
      case "response.output_item.added": {
        const item = isRecord(data.item) ? data.item : undefined;
        if (item?.type === "function_call" && typeof item.id === "string") this.#callNames.set(item.id, asString(item.name) ?? "");
        return this.masked(data, name);
      }
      case "response.function_call_arguments.delta":
        return "";
      case "response.function_call_arguments.done": {
        const itemId = asString(data.item_id) ?? "";
        const callName = asString(data.name) ?? this.#callNames.get(itemId) ?? "";
        const args = this.filter.admitToolCall({ name: callName, arguments: asString(data.arguments) ?? "" });
        if (args === undefined) return "";
        const delta = { type: "response.function_call_arguments.delta", item_id: data.item_id, output_index: data.output_index, delta: args };
        return sseData(delta, "response.function_call_arguments.delta") + sseData({ ...data, arguments: args }, name);
      }
      case "response.completed":
      case "response.incomplete":
      case "response.failed": {
        const response = isRecord(data.response) ? data.response : {};
        const usage = openAIUsage(response.usage);
        if (usage) this.filter.usage = usage;
        this.filter.finishReason = asString(response.status) ?? type;
        return this.masked(data, name);
      }
      default:
        return this.masked(data, name);
    }
  }

  end(): string {
    return "";
  }
}

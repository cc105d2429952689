// Anthropic Messages streams: message_start, content_block_start/delta/stop, message_delta,
// message_stop, ping, error. Text (and thinking) blocks get a masking channel each; tool_use blocks
// are held from content_block_start to content_block_stop, checked as a whole, then sent as
// start + one input_json_delta + stop. A text rule that matches ends the stream after the text
// released before the match.
import { asString, isRecord } from "../json-walk";
import type { TextChannel } from "../response-filter";
import { TypedEventStream } from "../typed-event-stream";
import { sseData } from "../types";
import { anthropicUsage } from "./anthropic-response";

interface HeldToolUse {
  start: Record<string, unknown>;
  name: string;
  id?: string;
  json: string;
}

export class AnthropicStreamTransformer extends TypedEventStream {
  readonly #channels = new Map<number, { channel: TextChannel; field: "text" | "thinking" }>();
  readonly #held = new Map<number, HeldToolUse>();

  protected onTypedEvent(data: Record<string, unknown>, type: string, name: string): string {
    const index = typeof data.index === "number" ? data.index : 0;
    switch (type) {
      case "message_start": {
        const message = isRecord(data.message) ? data.message : {};
        this.filter.usage = anthropicUsage(message.usage, this.filter.usage);
        return this.masked(data, name);
      }
      case "content_block_start": {
        const block = isRecord(data.content_block) ? data.content_block : {};
        if (block.type === "tool_use" || block.type === "server_tool_use") {
          const id = asString(block.id);
          this.#held.set(index, { start: data, name: asString(block.name) ?? "", ...(id ? { id } : {}), json: "" });
          return "";
        }
        if (block.type === "text" || block.type === "thinking") {
          this.#channels.set(index, { channel: this.filter.channel(), field: block.type });
        }
        return this.masked(data, name);
      }
      case "content_block_delta": {
        const delta = isRecord(data.delta) ? data.delta : {};
        const held = this.#held.get(index);
        if (held) {
          held.json += asString(delta.partial_json) ?? "";
          return "";
        }
        const text = delta.type === "text_delta" ? delta.text : delta.type === "thinking_delta" ? delta.thinking : undefined;
        const channel = this.#channels.get(index);
        if (typeof text === "string" && channel) {
          const out = channel.channel.push(text);
          if (!out) return "";
          delta[delta.type === "text_delta" ? "text" : "thinking"] = out;
          return sseData(data, name);
        }
        return this.masked(data, name);
      }
      case "content_block_stop":
        return this.#closeBlock(index) + (this.filter.blocked ? "" : sseData(data, name));
      case "message_delta":
        this.filter.usage = anthropicUsage(data.usage, this.filter.usage);
        if (isRecord(data.delta)) this.filter.finishReason = asString(data.delta.stop_reason) ?? this.filter.finishReason;
        return sseData(data, name);
      default:
        return this.masked(data, name);
    }
  }

  end(): string {
    let out = "";
    for (const index of [...this.#channels.keys(), ...this.#held.keys()]) {
      out += this.#closeBlock(index);
      if (this.filter.blocked) break;
    }
    return out;
  }

  /** What must precede a block's content_block_stop: held-back text, or the whole checked tool call. */
  #closeBlock(index: number): string {
    const channel = this.#channels.get(index);
    if (channel) {
      this.#channels.delete(index);
      const rest = channel.channel.flush();
      if (!rest) return "";
      const delta = channel.field === "text" ? { type: "text_delta", text: rest } : { type: "thinking_delta", thinking: rest };
      return sseData({ type: "content_block_delta", index, delta }, "content_block_delta");
    }
    const held = this.#held.get(index);
    if (!held) return "";
    this.#held.delete(index);
    const args = this.filter.admitToolCall({ ...(held.id ? { id: held.id } : {}), name: held.name, arguments: held.json || "{}" });
    if (args === undefined) return "";
    const delta = { type: "content_block_delta", index, delta: { type: "input_json_delta", partial_json: args } };
    return sseData(held.start, "content_block_start") + sseData(delta, "content_block_delta");
  }
}

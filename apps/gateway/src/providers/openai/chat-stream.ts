// Chat completions (and legacy completions) streams: `data: {chunk}` … `data: [DONE]`.
// Text deltas of each choice run through their own masking channel and go out at once (minus what
// the masker must hold back). Tool-call deltas are held per call until the call is complete (the
// next call starts, the choice finishes, or the stream ends), then the whole call is checked by the
// guardrails and, if allowed, sent as one delta carrying the complete arguments. Once something is
// blocked, only the text released before it goes out (as a plain content chunk).
import type { EventSourceMessage } from "eventsource-parser";
import { asString, isRecord } from "../json-walk";
import type { ResponseFilter, TextChannel } from "../response-filter";
import { sseData, type StreamTransformer } from "../types";
import { openAIUsage } from "./openai-response";

interface PendingCall {
  id?: string;
  type: string;
  name: string;
  arguments: string;
}

interface ChoiceState {
  channel: TextChannel;
  pending: Map<number, PendingCall>;
  finished: boolean;
  /** Legacy completions put text in `choice.text` instead of `choice.delta.content`. */
  legacy: boolean;
}

function hasContent(value: unknown): boolean {
  return value !== undefined && value !== null && value !== "";
}

export class ChatStreamTransformer implements StreamTransformer {
  readonly #choices = new Map<number, ChoiceState>();
  #envelope: Record<string, unknown> = {};

  constructor(
    private readonly filter: ResponseFilter,
    private readonly skipKeys: ReadonlySet<string>,
  ) {}

  onEvent(event: EventSourceMessage): string {
    if (event.data === "[DONE]") {
      const rest = this.#drain();
      return this.filter.blocked ? rest : rest + "data: [DONE]\n\n";
    }
    let chunk: unknown;
    try {
      chunk = JSON.parse(event.data);
    } catch {
      return sseData(this.filter.forClient(event.data), event.event);
    }
    if (!isRecord(chunk) || !Array.isArray(chunk.choices)) {
      return sseData(this.filter.maskJson(chunk, this.skipKeys), event.event);
    }
    const usage = openAIUsage(chunk.usage);
    if (usage) this.filter.usage = usage;
    const { choices, ...envelope } = chunk;
    this.#envelope = envelope;
    let before = "";
    let meaningful = choices.length === 0 || usage !== null;
    for (const choice of choices) {
      if (!isRecord(choice)) continue;
      before += this.#choice(choice);
      if (this.filter.blocked) return before + this.#releasedText(choice);
      const delta = isRecord(choice.delta) ? choice.delta : undefined;
      if (hasContent(choice.finish_reason) || hasContent(choice.text) || (delta && Object.values(delta).some(hasContent))) meaningful = true;
    }
    return meaningful ? before + sseData(chunk, event.event) : before;
  }

  end(): string {
    return this.#drain();
  }

  #state(index: number): ChoiceState {
    let state = this.#choices.get(index);
    if (!state) {
      state = { channel: this.filter.channel(), pending: new Map(), finished: false, legacy: false };
      this.#choices.set(index, state);
    }
    return state;
  }

  /** Rewrites one choice in place; returns events that must go out before it (completed calls). */
  #choice(choice: Record<string, unknown>): string {
    const index = typeof choice.index === "number" ? choice.index : 0;
    const state = this.#state(index);
    let before = "";
    const delta = isRecord(choice.delta) ? choice.delta : undefined;
    if (delta) {
      if (typeof delta.content === "string" && delta.content) delta.content = state.channel.push(delta.content);
      if (this.filter.blocked) return before;
      if (typeof delta.refusal === "string" && delta.refusal) delta.refusal = this.filter.forClient(delta.refusal);
      if (Array.isArray(delta.tool_calls)) {
        for (const part of delta.tool_calls) {
          if (!isRecord(part)) continue;
          const callIndex = typeof part.index === "number" ? part.index : 0;
          let call = state.pending.get(callIndex);
          if (!call) {
            before += this.#complete(index, state);
            if (this.filter.blocked) return before;
            call = { type: asString(part.type) ?? "function", name: "", arguments: "" };
            state.pending.set(callIndex, call);
          }
          const id = asString(part.id);
          if (id) call.id = id;
          const fn = isRecord(part.function) ? part.function : {};
          call.name += asString(fn.name) ?? "";
          call.arguments += asString(fn.arguments) ?? "";
        }
        delete delta.tool_calls;
      }
    }
    if (typeof choice.text === "string") {
      state.legacy = true;
      if (choice.text) choice.text = state.channel.push(choice.text);
      if (this.filter.blocked) return before;
    }
    if (hasContent(choice.finish_reason)) {
      this.filter.finishReason = String(choice.finish_reason);
      const rest = state.channel.flush();
      if (rest) {
        if (delta) delta.content = (typeof delta.content === "string" ? delta.content : "") + rest;
        else choice.text = (typeof choice.text === "string" ? choice.text : "") + rest;
      }
      if (this.filter.blocked) return before;
      before += this.#complete(index, state);
      state.finished = true;
    }
    return before;
  }

  /**
   * The text of a rewritten choice (what its channel released), alone in a chunk: all of a choice
   * that may still go out once the response is blocked.
   */
  #releasedText(choice: Record<string, unknown>): string {
    const index = typeof choice.index === "number" ? choice.index : 0;
    const delta = isRecord(choice.delta) ? choice.delta : undefined;
    const text = delta ? delta.content : choice.text;
    if (typeof text !== "string" || !text) return "";
    const released = delta ? { index, delta: { content: text }, logprobs: null, finish_reason: null } : { index, text, logprobs: null, finish_reason: null };
    return sseData({ ...this.#envelope, choices: [released] });
  }

  /** Checks every held call of a choice; allowed calls become one chunk each. */
  #complete(choiceIndex: number, state: ChoiceState): string {
    let out = "";
    if (this.filter.blocked) return out;
    for (const [callIndex, call] of state.pending) {
      state.pending.delete(callIndex);
      const args = this.filter.admitToolCall({ ...(call.id ? { id: call.id } : {}), name: call.name, arguments: call.arguments });
      if (args === undefined) return out;
      const toolCall = { index: callIndex, ...(call.id ? { id: call.id } : {}), type: call.type, function: { name: call.name, arguments: args } };
      out += sseData({ ...this.#envelope, choices: [{ index: choiceIndex, delta: { tool_calls: [toolCall] }, logprobs: null, finish_reason: null }] });
    }
    return out;
  }

  /** End of stream: releases held text and calls of choices that never sent a finish reason. */
  #drain(): string {
    let out = "";
    for (const [index, state] of this.#choices) {
      if (state.finished) continue;
      state.finished = true;
      const rest = state.channel.flush();
      if (rest) {
        const choice = state.legacy ? { index, text: rest, logprobs: null, finish_reason: null } : { index, delta: { content: rest }, logprobs: null, finish_reason: null };
        out += sseData({ ...this.#envelope, choices: [choice] });
      }
      out += this.#complete(index, state);
      if (this.filter.blocked) return out;
    }
    return out;
  }
}

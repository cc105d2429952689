// Everything that happens to a response on its way to the client, per exchange: masking (whole
// values and streamed text channels), restoring pseudonyms, tool-call guardrails, and keeping the
// masked text, tool calls and usage for the recording (which additionally applies the rules of the
// other direction, so a recording never holds a value any rule would mask).
import type { Guardrails, Masker, Pseudonymizer, StreamMasker, Verdict } from "@airlock/policy";
import { FindingTally } from "./findings";
import { evaluateGuardrails, mayGuard } from "./guard";
import { mapStrings } from "./json-walk";
import type { TokenUsage, ToolCallView } from "./types";

const MAX_RECORDED_TEXT = 64 * 1024;

/** One stream of text (an OpenAI choice, an Anthropic content block): masked incrementally. */
export interface TextChannel {
  /** Upstream text in, text for the client out (may hold back the tail of a possible match). */
  push(delta: string): string;
  /** End of the channel: everything still held back. */
  flush(): string;
}

export interface ResponseFilterOptions {
  masker: Masker;
  /** Rules of the other direction, applied to what is recorded only. */
  recordMasker?: Masker | undefined;
  guardrails: Guardrails;
  pseudonyms?: Pseudonymizer | undefined;
  model?: string | null;
  /** Removes the injected upstream credential from whole strings. */
  scrub?: (text: string) => string;
  /** Each recorded text delta as it is released (for the chunk recording). */
  onDelta?: (recordedDelta: string) => void;
}

export class ResponseFilter {
  readonly findings = new FindingTally();
  /** Tool calls as recorded (masked). */
  readonly toolCalls: ToolCallView[] = [];
  usage: TokenUsage | null = null;
  finishReason: string | null = null;
  /** Set when a guardrail blocked a tool call: the response must not continue. */
  blocked: Verdict | undefined;
  #text = "";
  readonly #streams: StreamMasker[] = [];
  readonly #recordMasker: Masker | undefined;
  readonly #recordStream: StreamMasker | undefined;

  constructor(private readonly options: ResponseFilterOptions) {
    this.#recordMasker = options.recordMasker && !options.recordMasker.isEmpty ? options.recordMasker : undefined;
    this.#recordStream = this.#recordMasker?.createStream();
  }

  get text(): string {
    return this.#text;
  }

  /** Response rules or pseudonyms change content (scrubbing the credential aside). */
  get masksContent(): boolean {
    return !this.options.masker.isEmpty || this.options.pseudonyms !== undefined;
  }

  /** Some guardrail rule may block a response (tool calls, text, model). */
  get guardsResponses(): boolean {
    return mayGuard(this.options.guardrails, "response");
  }

  /** Nothing to mask, restore or scrub: strings may pass untouched. */
  get masksNothing(): boolean {
    return this.options.masker.isEmpty && !this.options.pseudonyms && !this.options.scrub;
  }

  channel(): TextChannel {
    const masker = this.options.masker;
    const restore = this.options.pseudonyms?.createRestoreStream();
    const stream = masker.isEmpty ? undefined : masker.createStream();
    if (stream) this.#streams.push(stream);
    return {
      push: (delta) => {
        const masked = stream ? stream.push(delta) : delta;
        this.noteText(masked, true);
        return restore ? restore.push(masked) : masked;
      },
      flush: () => {
        const masked = stream ? stream.flush() : "";
        this.noteText(masked, true);
        return restore ? restore.push(masked) + restore.flush() : masked;
      },
    };
  }

  /** Applies the response rules to a whole string (before pseudonyms are restored). */
  mask(text: string): string {
    const scrub = this.options.scrub;
    if (this.options.masker.isEmpty) return scrub ? scrub(text) : text;
    const result = this.options.masker.maskText(text);
    if (result.findings.length) this.findings.add(result.findings);
    return scrub ? scrub(result.text) : result.text;
  }

  /** Puts the caller's own values back in place of placeholders (reversible pseudonymisation). */
  restore(maskedText: string): string {
    return this.options.pseudonyms ? this.options.pseudonyms.restore(maskedText) : maskedText;
  }

  /** Masks a whole string and restores pseudonyms: what the client receives. */
  forClient(text: string): string {
    return this.restore(this.mask(text));
  }

  /** A masked string as it may be recorded. */
  forRecord(maskedText: string): string {
    return this.#recordMasker ? this.#recordMasker.maskText(maskedText).text : maskedText;
  }

  /** Masks (and restores) every string of a JSON value in place. */
  maskJson(value: unknown, skipKeys: ReadonlySet<string>): unknown {
    if (this.masksNothing) return value;
    return mapStrings(value, (s) => this.forClient(s), skipKeys);
  }

  /** Evaluates a complete tool call; returns its arguments for the client, or undefined when blocked. */
  admitToolCall(call: ToolCallView): string | undefined {
    const verdict = evaluateGuardrails(this.options.guardrails, {
      direction: "response",
      ...(this.options.model ? { model: this.options.model } : {}),
      toolCalls: [{ name: call.name, arguments: call.arguments }],
    });
    const masked = this.mask(call.arguments);
    this.noteToolCall({ ...call, arguments: masked });
    if (verdict.action === "block") {
      this.blocked = verdict;
      return undefined;
    }
    return this.restore(masked);
  }

  /** Records a tool call whose arguments are already masked by the response rules. */
  noteToolCall(call: ToolCallView): void {
    this.toolCalls.push({ ...(call.id ? { id: call.id } : {}), name: call.name, arguments: this.forRecord(call.arguments) });
  }

  /** Evaluates response text and tool calls of a complete (non-streamed) response. */
  checkWhole(texts: string[], toolCalls: ToolCallView[]): Verdict {
    const verdict = evaluateGuardrails(this.options.guardrails, {
      direction: "response",
      ...(this.options.model ? { model: this.options.model } : {}),
      texts,
      toolCalls: toolCalls.map((c) => ({ name: c.name, arguments: c.arguments })),
    });
    if (verdict.action === "block") this.blocked = verdict;
    return verdict;
  }

  /** End of a stream: releases what the recording still holds back and collects findings. */
  endStream(): void {
    if (this.#recordStream) this.#note(this.#recordStream.flush(), true);
    for (const stream of this.#streams) this.findings.add(stream.findings);
    this.#streams.length = 0;
  }

  /** Masked text for the recording; `streamed` also records it as a chunk. */
  noteText(maskedText: string, streamed = false): void {
    if (!maskedText) return;
    if (!streamed) this.#note(this.forRecord(maskedText), false);
    else this.#note(this.#recordStream ? this.#recordStream.push(maskedText) : maskedText, true);
  }

  #note(recorded: string, streamed: boolean): void {
    if (!recorded) return;
    if (this.#text.length < MAX_RECORDED_TEXT) this.#text += recorded.slice(0, MAX_RECORDED_TEXT - this.#text.length);
    if (streamed) this.options.onDelta?.(recorded);
  }
}

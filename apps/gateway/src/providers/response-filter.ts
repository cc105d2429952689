// Everything that happens to a response on its way to the client, per exchange: masking (whole
// values and streamed text channels), restoring pseudonyms, guardrails (tool calls, text patterns —
// scanned by the streaming masker so a stream stops before a match — and the model), and keeping
// the masked text, tool calls and usage for the recording (which additionally applies the rules of
// the other direction, so a recording never holds a value any rule would mask).
import type { Guardrails, Masker, Pseudonymizer, StreamMasker, TextBlockers, Verdict } from "@airlock/policy";
import type { GuardrailBlockPayload } from "@airlock/recording";
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
  /** Set when a guardrail blocked the response (the first block wins): it must not continue. */
  blocked: Verdict | undefined;
  /** What `blocked` stopped, for the recording. */
  blockedSubject: GuardrailBlockPayload["subject"];
  #text = "";
  readonly #streams: StreamMasker[] = [];
  readonly #recordMasker: Masker | undefined;
  readonly #recordStream: StreamMasker | undefined;
  /** Response text rules, scanned inside each channel's stream masker; undefined when none. */
  readonly #textBlockers: TextBlockers | undefined;

  constructor(private readonly options: ResponseFilterOptions) {
    this.#recordMasker = options.recordMasker && !options.recordMasker.isEmpty ? options.recordMasker : undefined;
    this.#recordStream = this.#recordMasker?.createStream();
    const blockers = mayGuard(options.guardrails, "response") ? options.guardrails.textBlockers("response") : undefined;
    this.#textBlockers = blockers?.isEmpty === false ? blockers : undefined;
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

  /**
   * A text channel: masked incrementally and scanned for response text rules. When a rule matches,
   * `blocked` is set and push/flush return only the text before the match (the caller sends that,
   * then ends the stream).
   */
  channel(): TextChannel {
    const masker = this.options.masker;
    const blockers = this.#textBlockers;
    const restore = this.options.pseudonyms?.createRestoreStream();
    const stream = masker.isEmpty && !blockers ? undefined : masker.createStream(undefined, blockers);
    if (stream) this.#streams.push(stream);
    const release = (masked: string, last: boolean) => {
      this.noteText(masked, true);
      const blocked = stream?.blocked;
      if (blocked) this.#block(blocked, { kind: "message" });
      if (!restore) return masked;
      // Nothing follows a block, so the restorer gives up what it still holds as well.
      return last || blocked ? restore.push(masked) + restore.flush() : restore.push(masked);
    };
    return {
      push: (delta) => release(stream ? stream.push(delta) : delta, false),
      flush: () => release(stream ? stream.flush() : "", true),
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
      this.#block(verdict, { kind: "tool_call", name: call.name });
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
    if (verdict.action === "block") this.#block(verdict, toolCalls[0] ? { kind: "tool_call", name: toolCalls[0].name } : { kind: "message" });
    return verdict;
  }

  /**
   * Before a stream's first event: the rules that judge a response as a whole but not its text or
   * tool calls (the model allow-list), which a whole response meets in checkWhole.
   */
  checkStreamStart(): Verdict | undefined {
    if (!this.guardsResponses) return undefined;
    const model = this.options.model;
    const verdict = evaluateGuardrails(this.options.guardrails, { direction: "response", ...(model ? { model } : {}) });
    if (verdict.action !== "block") return undefined;
    this.#block(verdict, model ? { kind: "model", name: model } : { kind: "message" });
    return verdict;
  }

  #block(verdict: Verdict, subject: GuardrailBlockPayload["subject"]): void {
    if (this.blocked) return;
    this.blocked = verdict;
    this.blockedSubject = subject;
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

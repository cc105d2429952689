// Streams whose events are JSON objects naming their own `type` (Anthropic Messages, OpenAI
// Responses). The plumbing they share: parse each event, pass data that is not a JSON object
// through masked as text, and send events that carry no streamed text with their values masked.
import type { EventSourceMessage } from "eventsource-parser";
import { asString, isRecord } from "./json-walk";
import type { ResponseFilter } from "./response-filter";
import { sseData, type StreamTransformer } from "./types";

export abstract class TypedEventStream implements StreamTransformer {
  constructor(
    protected readonly filter: ResponseFilter,
    private readonly skipKeys: ReadonlySet<string>,
  ) {}

  onEvent(event: EventSourceMessage): string {
    let data: unknown;
    try {
      data = JSON.parse(event.data);
    } catch {
      return sseData(this.filter.forClient(event.data), event.event);
    }
    if (!isRecord(data)) return sseData(data, event.event);
    const type = asString(data.type) ?? event.event ?? "";
    return this.onTypedEvent(data, type, event.event ?? type);
  }

  abstract end(): string;

  /** One parsed event; `name` is the SSE event name to send it under. Returns SSE text to send now. */
  protected abstract onTypedEvent(data: Record<string, unknown>, type: string, name: string): string;

  /** The event with every value masked as a whole (and pseudonyms restored). */
  protected masked(data: Record<string, unknown>, name: string): string {
    return sseData(this.filter.maskJson(data, this.skipKeys), name);
  }
}

// Streamed chunks are recorded compactly: one `exchange.chunks` event per 50 chunks or 250 ms,
// carrying each chunk's time offset and (masked) text. No timer: a batch is cut when the next
// chunk arrives late, and the rest at the end of the stream.
import type { ExchangeChunksPayload } from "@airlock/recording";

const MAX_CHUNKS = 50;
const MAX_SPAN_MS = 250;

export class ChunkBatcher {
  #offsets: number[] = [];
  #deltas: string[] = [];
  #firstAt = 0;

  constructor(
    /** Milliseconds on the session timeline for an epoch time. */
    private readonly offsetOf: (epochMs: number) => number,
    private readonly emit: (payload: ExchangeChunksPayload, at: Date) => void,
  ) {}

  push(delta: string): void {
    const now = Date.now();
    if (this.#offsets.length > 0 && now - this.#firstAt >= MAX_SPAN_MS) this.flush();
    if (this.#offsets.length === 0) this.#firstAt = now;
    this.#offsets.push(this.offsetOf(now));
    this.#deltas.push(delta);
    if (this.#offsets.length >= MAX_CHUNKS) this.flush();
  }

  flush(): void {
    if (this.#offsets.length === 0) return;
    this.emit({ offsetsMs: this.#offsets, deltas: this.#deltas }, new Date(this.#firstAt));
    this.#offsets = [];
    this.#deltas = [];
  }
}

import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from "node:http";
import { preciseNow, type RecordedRequest } from "./request-log";

/**
 * One request/response pair inside a fake upstream. Every write goes through here so the emit
 * times are recorded and a deliberate connection cut is never mistaken for a client abort.
 */
export class Exchange {
  readonly url: URL;
  #closedByUs = false;
  #lastWrite: Promise<void> = Promise.resolve();
  readonly #closed: Promise<void>;

  constructor(
    readonly req: IncomingMessage,
    readonly res: ServerResponse,
    readonly record: RecordedRequest,
    onPeerAbort: (record: RecordedRequest) => void,
  ) {
    this.url = new URL(req.url ?? "/", "http://upstream.invalid");
    res.once("finish", () => {
      record.finished = true;
    });
    this.#closed = new Promise((resolve) => {
      res.once("close", () => {
        if (!record.finished && !this.#closedByUs) onPeerAbort(record);
        resolve();
      });
    });
  }

  get body(): unknown {
    return this.record.body;
  }

  /** True once nothing more can be written (finished, cut, or the peer went away). */
  get closed(): boolean {
    return this.res.writableEnded || this.res.destroyed;
  }

  sendJson(status: number, payload: unknown, headers: OutgoingHttpHeaders = {}): void {
    const text = JSON.stringify(payload);
    this.record.status = status;
    this.res.writeHead(status, {
      "content-type": "application/json",
      "content-length": Buffer.byteLength(text),
      ...headers,
    });
    this.res.end(text);
  }

  sendText(status: number, text: string, headers: OutgoingHttpHeaders = {}): void {
    this.record.status = status;
    this.res.writeHead(status, { "content-length": Buffer.byteLength(text), ...headers });
    this.res.end(text);
  }

  /** Sends the status line and headers now, before any body, as a streaming server does. */
  startStream(status: number, headers: OutgoingHttpHeaders): void {
    this.record.status = status;
    this.res.writeHead(status, headers);
    this.res.flushHeaders();
  }

  /** Writes one piece of a streamed body and records when it left. */
  emit(data: string): void {
    if (this.closed) return;
    this.#lastWrite = new Promise((resolve) => this.res.write(data, () => resolve()));
    this.record.emits.push({ at: preciseNow(), data });
  }

  end(): void {
    if (!this.closed) this.res.end();
  }

  /**
   * Closes the socket mid-response, as a crashed or cut-off provider would. What was already
   * written is flushed first, so the peer sees exactly the pieces sent before the cut.
   */
  async breakConnection(): Promise<void> {
    this.#closedByUs = true;
    await this.#lastWrite;
    this.res.socket?.destroy();
    this.res.destroy();
  }

  /** Marks the coming close as ours (server shutdown), not the peer's. */
  markClosingByServer(): void {
    this.#closedByUs = true;
  }

  /** Resolves when the connection closes, for whatever reason. */
  untilClosed(): Promise<void> {
    return this.#closed;
  }

  /** Waits `ms`, returning early if the connection closes meanwhile. */
  async sleep(ms: number): Promise<void> {
    if (ms <= 0) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => {
        timer = setTimeout(resolve, ms);
      }),
      this.#closed,
    ]);
    clearTimeout(timer);
  }
}

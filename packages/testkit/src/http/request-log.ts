import type { IncomingHttpHeaders } from "node:http";

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes on one host. */
export function preciseNow(): number {
  return performance.timeOrigin + performance.now();
}

/** One write the fake upstream put on the wire while streaming, and when. */
export interface EmittedChunk {
  /** Epoch milliseconds (fractional) right after the bytes were handed to the socket. */
  at: number;
  data: string;
}

/** What a fake upstream received, as it received it. */
export interface RecordedRequest {
  /** 0-based position in `upstream.requests`. */
  id: number;
  method: string;
  /** Path without the query string, e.g. `/v1/chat/completions`. */
  path: string;
  /** Path and query exactly as requested. */
  url: string;
  headers: IncomingHttpHeaders;
  rawBody: string;
  /** `rawBody` parsed as JSON when it is JSON; otherwise undefined. */
  body: unknown;
  /** Epoch milliseconds (fractional) when the request body had been read. */
  receivedAt: number;
  /** Streamed writes with their emit times (empty for plain JSON responses). */
  emits: EmittedChunk[];
  /** Status code sent, once headers went out. */
  status: number | undefined;
  /** The response was completely written. */
  finished: boolean;
  /** The peer closed the connection before the response finished. */
  aborted: boolean;
}

/**
 * The request journal shared by every fake upstream: what arrived, and which exchanges the peer
 * abandoned (the proof that a client disconnect cancelled the upstream call).
 */
export class RequestLog {
  readonly requests: RecordedRequest[] = [];
  #aborted = 0;
  #abortWaiters = new Set<() => void>();

  get aborted(): number {
    return this.#aborted;
  }

  add(entry: Omit<RecordedRequest, "id">): RecordedRequest {
    const record: RecordedRequest = { id: this.requests.length, ...entry };
    this.requests.push(record);
    return record;
  }

  markAborted(record: RecordedRequest): void {
    record.aborted = true;
    this.#aborted += 1;
    for (const wake of this.#abortWaiters) wake();
  }

  waitForAborted(count: number, timeoutMs: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const check = (): void => {
        if (this.#aborted < count) return;
        clearTimeout(timer);
        this.#abortWaiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.#abortWaiters.delete(check);
        reject(new Error(`expected ${count} aborted request(s) within ${timeoutMs} ms, saw ${this.#aborted}`));
      }, timeoutMs);
      this.#abortWaiters.add(check);
      check();
    });
  }

  clear(): void {
    this.requests.length = 0;
    this.#aborted = 0;
  }
}

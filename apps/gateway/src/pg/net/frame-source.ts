// Promise-style reading of whole protocol messages from a socket, for the short request/response
// handshakes (TLS negotiation, authentication, upstream startup). Once a session is established
// the relay takes the socket over with plain 'data' events and keeps the same FrameReader, so no
// byte read here is lost.
import type { Duplex } from "node:stream";
import type { Frame, FrameReader } from "../codec";

export class ConnectionClosedError extends Error {}
export class HandshakeTimeoutError extends Error {}

export class FrameSource {
  readonly #socket: Duplex;
  readonly reader: FrameReader;
  #waiter: { wake: () => void } | null = null;
  #failure: Error | null = null;
  readonly #onData = (chunk: Buffer) => {
    this.reader.push(chunk);
    this.#waiter?.wake();
  };
  readonly #onEnd = () => this.#fail(new ConnectionClosedError("connection closed during the handshake"));
  readonly #onError = (error: Error) => this.#fail(error);

  constructor(socket: Duplex, reader: FrameReader) {
    this.#socket = socket;
    this.reader = reader;
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("close", this.#onEnd);
    socket.on("error", this.#onError);
  }

  /** The next whole message; rejects on close, error, timeout or a protocol violation. */
  next(timeoutMs: number): Promise<Frame> {
    return this.#wait(timeoutMs, () => this.reader.next());
  }

  /** Exactly `n` raw bytes (the one-byte answer to SSLRequest). */
  raw(n: number, timeoutMs: number): Promise<Buffer> {
    return this.#wait(timeoutMs, () => {
      if (this.reader.buffered < n) return null;
      const all = this.reader.drain();
      if (all.length > n) this.reader.push(all.subarray(n));
      return all.subarray(0, n);
    });
  }

  /** Stops listening; unread bytes stay in `reader`. The socket is paused for the next owner. */
  detach(): void {
    this.#socket.off("data", this.#onData);
    this.#socket.off("end", this.#onEnd);
    this.#socket.off("close", this.#onEnd);
    this.#socket.off("error", this.#onError);
    this.#socket.pause();
    this.#waiter = null;
  }

  #fail(error: Error): void {
    this.#failure ??= error;
    this.#waiter?.wake();
  }

  #wait<T>(timeoutMs: number, attempt: () => T | null): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.#waiter = null;
        reject(new HandshakeTimeoutError(`no answer within ${timeoutMs} ms`));
      }, timeoutMs);
      const wake = () => {
        try {
          const value = attempt();
          if (value !== null) {
            clearTimeout(timer);
            this.#waiter = null;
            return resolve(value);
          }
        } catch (error) {
          clearTimeout(timer);
          this.#waiter = null;
          return reject(error as Error);
        }
        if (this.#failure) {
          clearTimeout(timer);
          this.#waiter = null;
          reject(this.#failure);
        }
      };
      this.#waiter = { wake };
      this.#socket.resume();
      wake();
    });
  }
}

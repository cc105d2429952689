// Splits a byte stream into PostgreSQL protocol messages, whatever the TCP chunking. Two shapes:
// startup-phase messages (Int32 length, then body) and regular ones (Byte1 type, Int32 length,
// body). Chunks are kept in a list and joined once per message, so a large message arriving in
// many chunks costs one copy, and a message wholly inside one chunk costs none (a subarray).
// Hand-written because pg-protocol only parses backend messages and does not hand back the raw
// bytes a proxy needs to forward unchanged.
import { ProtocolError } from "./protocol-error";

export interface Frame {
  /** Message type byte; 0 for startup-phase messages, which have none. */
  type: number;
  /** The body, after the type byte and length. */
  body: Buffer;
  /** The whole message as received (type byte, length, body). */
  raw: Buffer;
}

/** PostgreSQL's own cap for startup packets. */
export const MAX_STARTUP_LENGTH = 10_000;

export class FrameReader {
  #chunks: Buffer[] = [];
  #total = 0;
  #typed: boolean;

  constructor(
    private readonly maxMessageLength: number,
    opts: { startup?: boolean } = {},
  ) {
    this.#typed = !opts.startup;
  }

  /** After the startup packet, messages carry a type byte. */
  expectTypedMessages(): void {
    this.#typed = true;
  }

  get buffered(): number {
    return this.#total;
  }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.#chunks.push(chunk);
    this.#total += chunk.length;
  }

  /** The next complete message, or null when more bytes are needed. Throws ProtocolError. */
  next(): Frame | null {
    const headerLength = this.#typed ? 5 : 4;
    if (this.#total < headerLength) return null;
    const head = this.#headerView(headerLength);
    const declared = this.#typed ? head.readInt32BE(1) : head.readInt32BE(0);
    const limit = this.#typed ? this.maxMessageLength : MAX_STARTUP_LENGTH;
    const minimum = this.#typed ? 4 : 8;
    if (declared < minimum || declared > limit) {
      throw new ProtocolError(declared > limit ? `message length ${declared} exceeds the limit of ${limit} bytes` : "invalid message length");
    }
    const frameLength = declared + (this.#typed ? 1 : 0);
    if (this.#total < frameLength) return null;
    const raw = this.#take(frameLength);
    return { type: this.#typed ? raw[0]! : 0, body: raw.subarray(headerLength), raw };
  }

  /** Bytes not yet returned as messages (e.g. what arrived after a TLS upgrade request). */
  drain(): Buffer {
    const rest = this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks);
    this.#chunks = [];
    this.#total = 0;
    return rest;
  }

  #headerView(length: number): Buffer {
    const first = this.#chunks[0]!;
    if (first.length >= length) return first;
    // A header split across chunks: join the front chunks (at most a few bytes of copying).
    const joined = Buffer.concat(this.#chunks);
    this.#chunks = [joined];
    return joined;
  }

  #take(length: number): Buffer {
    const first = this.#chunks[0]!;
    if (first.length >= length) {
      const raw = first.subarray(0, length);
      if (first.length === length) this.#chunks.shift();
      else this.#chunks[0] = first.subarray(length);
      this.#total -= length;
      return raw;
    }
    const raw = Buffer.allocUnsafe(length);
    let filled = 0;
    while (filled < length) {
      const chunk = this.#chunks[0]!;
      const n = Math.min(chunk.length, length - filled);
      chunk.copy(raw, filled, 0, n);
      filled += n;
      if (n === chunk.length) this.#chunks.shift();
      else this.#chunks[0] = chunk.subarray(n);
    }
    this.#total -= length;
    return raw;
  }
}

// Bounds-checked reads over one message body. Every read that would run past the end throws a
// ProtocolError, so decoding hostile bytes can fail but never read garbage or loop.
import { ProtocolError } from "./protocol-error";

export class ByteCursor {
  #offset = 0;

  constructor(private readonly body: Buffer) {}

  get remaining(): number {
    return this.body.length - this.#offset;
  }

  int8(): number {
    this.#need(1);
    return this.body.readUInt8(this.#offset++);
  }

  int16(): number {
    this.#need(2);
    const value = this.body.readInt16BE(this.#offset);
    this.#offset += 2;
    return value;
  }

  int32(): number {
    this.#need(4);
    const value = this.body.readInt32BE(this.#offset);
    this.#offset += 4;
    return value;
  }

  /** A NUL-terminated string, decoded as UTF-8 (names and protocol keywords are ASCII). */
  cstring(encoding: BufferEncoding = "utf8"): string {
    const end = this.body.indexOf(0, this.#offset);
    if (end < 0) throw new ProtocolError("string is not NUL-terminated");
    const value = this.body.toString(encoding, this.#offset, end);
    this.#offset = end + 1;
    return value;
  }

  bytes(length: number): Buffer {
    if (length < 0) throw new ProtocolError("negative length");
    this.#need(length);
    const value = this.body.subarray(this.#offset, this.#offset + length);
    this.#offset += length;
    return value;
  }

  /** Count-prefixed list guard: a count larger than the bytes left is a lie. */
  count(minBytesEach: number): number {
    const n = this.int16();
    if (n < 0 || n * minBytesEach > this.remaining) throw new ProtocolError("count exceeds message length");
    return n;
  }

  end(): void {
    if (this.remaining !== 0) throw new ProtocolError("trailing bytes in message");
  }

  #need(n: number): void {
    if (this.#offset + n > this.body.length) throw new ProtocolError("message is truncated");
  }
}

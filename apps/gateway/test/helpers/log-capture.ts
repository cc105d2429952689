import { Writable } from "node:stream";

/** A pino destination that keeps every log line, so tests can search what was logged. */
export class LogCapture extends Writable {
  readonly lines: string[] = [];
  #partial = "";

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    const text = this.#partial + chunk.toString("utf8");
    const parts = text.split("\n");
    this.#partial = parts.pop() ?? "";
    for (const line of parts) if (line) this.lines.push(line);
    callback();
  }

  get text(): string {
    return this.lines.join("\n") + this.#partial;
  }
}

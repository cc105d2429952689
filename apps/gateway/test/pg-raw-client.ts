// A bare protocol client for tests that need exact control of the bytes: pipelined batches,
// malformed messages, fuzzing. Frontend messages come from pg-protocol's serializer (the same
// bytes node-postgres sends); answers are split with the gateway's FrameReader and decoded with
// pg-protocol's parser.
import net from "node:net";
import { serialize } from "pg-protocol";
import type { BackendMessage } from "pg-protocol/dist/messages";
import { decodeBackendMessage, FrameReader, startupMessage, type Frame } from "../src/pg/codec";

export { serialize };

export class RawPgClient {
  readonly socket: net.Socket;
  readonly reader = new FrameReader(1 << 30);
  /** Every byte received, for leak checks. */
  readonly received: Buffer[] = [];
  #waiters: (() => void)[] = [];
  closed = false;

  private constructor(socket: net.Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.received.push(chunk);
      this.reader.push(chunk);
      this.#wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.#wake();
    });
    socket.on("error", () => undefined);
  }

  static connect(port: number): Promise<RawPgClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => resolve(new RawPgClient(socket)));
      socket.once("error", reject);
    });
  }

  /** Startup + cleartext password, up to the first ReadyForQuery. */
  static async login(port: number, database: string, password: string): Promise<{ client: RawPgClient; startup: BackendMessage[] }> {
    const client = await RawPgClient.connect(port);
    client.send(startupMessage([["user", "agent"], ["database", database], ["application_name", "raw-test"]]));
    const first = await client.next();
    if (first.name !== "authenticationCleartextPassword") throw new Error(`expected a password request, got ${first.name}`);
    client.send(serialize.password(password));
    const startup = await client.until("readyForQuery");
    return { client, startup };
  }

  send(data: Buffer | Buffer[]): void {
    this.socket.write(Array.isArray(data) ? Buffer.concat(data) : data);
  }

  async nextFrame(timeoutMs = 10_000): Promise<Frame> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const frame = this.reader.next();
      if (frame) return frame;
      if (this.closed) throw new Error("connection closed");
      if (Date.now() > deadline) throw new Error("timed out waiting for a message");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.max(1, deadline - Date.now()));
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  async next(timeoutMs?: number): Promise<BackendMessage> {
    return decodeBackendMessage((await this.nextFrame(timeoutMs)).raw);
  }

  /** Messages up to and including the first named `name`. */
  async until(name: BackendMessage["name"], timeoutMs?: number): Promise<BackendMessage[]> {
    const messages: BackendMessage[] = [];
    for (;;) {
      const message = await this.next(timeoutMs);
      messages.push(message);
      if (message.name === name) return messages;
    }
  }

  /** Resolves when the server has closed the connection. */
  async waitClosed(timeoutMs = 10_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.closed) {
      if (Date.now() > deadline) throw new Error("connection still open");
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 50);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  end(): void {
    this.socket.end(Buffer.from([0x58, 0, 0, 0, 4]));
  }

  #wake(): void {
    const waiters = this.#waiters;
    this.#waiters = [];
    for (const wake of waiters) wake();
  }
}

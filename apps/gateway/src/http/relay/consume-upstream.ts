// Reads an upstream response body with the body-idle timeout, the client's disconnect and
// backpressure handled in one place. Ends in exactly one of: the body ended, the upstream broke off,
// it went silent too long, the client left, or the relay stopped it (a blocked tool call).
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ClientGone } from "../client-gone";

export type BodyOutcome = "end" | "broken" | "idle" | "client_gone" | "stopped";

export interface UpstreamBody {
  readonly done: Promise<BodyOutcome>;
  /** Stops reading and destroys the upstream response. */
  stop(): void;
  /** Writes to the client, pausing the upstream while the client's buffer is full. */
  write(text: string | Buffer): void;
}

export function consumeUpstream(
  upstream: IncomingMessage,
  res: ServerResponse,
  clientGone: ClientGone,
  idleMs: number,
  onData: (chunk: Buffer) => void,
): UpstreamBody {
  let finish: (how: BodyOutcome) => void = () => {};
  const done = new Promise<BodyOutcome>((resolve) => {
    let settled = false;
    const timer = setTimeout(() => finish("idle"), idleMs);
    let offGone: () => void = () => undefined;
    finish = (how) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      offGone();
      upstream.off("data", onChunk);
      if (how !== "end") upstream.destroy();
      resolve(how);
    };
    function onChunk(chunk: Buffer): void {
      timer.refresh();
      onData(chunk);
    }
    upstream.on("data", onChunk);
    upstream.on("end", () => finish("end"));
    upstream.on("error", () => finish("broken"));
    upstream.on("close", () => finish(upstream.complete ? "end" : "broken"));
    offGone = clientGone.on(() => finish("client_gone"));
  });
  return {
    done,
    stop: () => finish("stopped"),
    write(text) {
      if (!res.write(text) && !upstream.isPaused()) {
        upstream.pause();
        res.once("drain", () => upstream.resume());
      }
    },
  };
}

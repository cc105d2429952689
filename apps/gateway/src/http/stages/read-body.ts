import type { IncomingMessage } from "node:http";
import { GatewayError } from "../../errors";

function tooLarge(limit: number): GatewayError {
  return new GatewayError("request_too_large", `The request body exceeds the gateway's limit of ${limit} bytes (AIRLOCK_MAX_BODY_BYTES).`);
}

/** Reads the whole body, refusing (before reading it all) anything over `limit` bytes. */
export function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers["content-length"]);
  if (Number.isFinite(declared) && declared > limit) return Promise.reject(tooLarge(limit));
  if (req.readableEnded) return Promise.resolve(Buffer.alloc(0));
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    const onData = (part: Buffer) => {
      size += part.length;
      if (size > limit) {
        cleanup();
        req.resume();
        reject(tooLarge(limit));
        return;
      }
      parts.push(part);
    };
    const onEnd = () => {
      cleanup();
      resolve(parts.length === 1 ? (parts[0] as Buffer) : Buffer.concat(parts, size));
    };
    const onError = (error: Error) => {
      cleanup();
      reject(error);
    };
    function cleanup(): void {
      req.off("data", onData);
      req.off("end", onEnd);
      req.off("error", onError);
    }
    req.on("data", onData);
    req.on("end", onEnd);
    req.on("error", onError);
  });
}

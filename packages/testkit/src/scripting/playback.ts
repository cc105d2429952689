import type { OutgoingHttpHeaders } from "node:http";
import type { Exchange } from "../http/exchange";
import { SSE_HEADERS } from "../http/sse";
import type { Script } from "./directives";
import type { FailureBudget } from "./failure-budget";

/** One server-sent event; `content` marks the ones that carry reply text or tool arguments. */
export interface Frame {
  data: string;
  content: boolean;
}

/**
 * Handles the directives that act before a reply exists (malformed directives, hanging headers,
 * scripted failures). Returns true when the exchange has been dealt with.
 */
export async function runPreflight(
  exchange: Exchange,
  script: Script,
  budget: FailureBudget,
  budgetKey: string,
  sendError: (status: number, message: string) => void,
): Promise<boolean> {
  if (script.errors.length > 0) {
    sendError(400, `testkit directive error: ${script.errors.join("; ")}`);
    return true;
  }
  if (script.hangHeaders) {
    await exchange.untilClosed();
    return true;
  }
  if (script.fail && budget.shouldFail(budgetKey, script.fail)) {
    sendError(script.fail.status, `scripted failure (status ${script.fail.status})`);
    return true;
  }
  return false;
}

/**
 * Streams frames with the scripted pacing. Counting only content frames keeps
 * `break-stream-after:N` / `hang-body-after:N` meaning "after N pieces of the reply".
 */
export async function playStream(exchange: Exchange, frames: Frame[], script: Script, headers: OutgoingHttpHeaders): Promise<void> {
  exchange.startStream(200, { ...SSE_HEADERS, ...headers });
  let contentSent = 0;
  for (const frame of frames) {
    if (exchange.closed) return;
    if (contentSent === script.breakStreamAfter) {
      await exchange.breakConnection();
      return;
    }
    if (contentSent === script.hangBodyAfter) {
      await exchange.untilClosed();
      return;
    }
    if (frame.content && contentSent > 0) await exchange.sleep(script.delayMs ?? 0);
    exchange.emit(frame.data);
    if (frame.content) contentSent += 1;
  }
  exchange.end();
}

/**
 * A non-streamed reply that still honours the cut/stall directives: the headers announce the full
 * length, half the body goes out, then the socket is destroyed or left hanging.
 */
export async function sendScriptedJson(exchange: Exchange, payload: unknown, script: Script, headers: OutgoingHttpHeaders): Promise<void> {
  if (script.breakStreamAfter === undefined && script.hangBodyAfter === undefined) {
    exchange.sendJson(200, payload, headers);
    return;
  }
  const text = JSON.stringify(payload);
  exchange.startStream(200, { "content-type": "application/json", "content-length": Buffer.byteLength(text), ...headers });
  exchange.emit(text.slice(0, Math.floor(text.length / 2)));
  if (script.breakStreamAfter !== undefined) await exchange.breakConnection();
  else await exchange.untilClosed();
}

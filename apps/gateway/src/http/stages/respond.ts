// Stage 7: pick how the upstream response reaches the client: SSE transformed event by event,
// JSON masked as a whole, or bytes streamed through.
import type { IncomingMessage } from "node:http";
import { GatewayError } from "../../errors";
import type { ExchangeContext } from "../context";
import { recordResponse } from "../record";
import { relayJson } from "../relay/json-relay";
import { relayRaw } from "../relay/raw-relay";
import { relaySse } from "../relay/sse-relay";
import { recordedResponseHeaders } from "../upstream/forward-headers";
import { isText } from "./read-request";

export async function respond(ctx: ExchangeContext, upstream: IncomingMessage): Promise<void> {
  const status = upstream.statusCode ?? 502;
  const contentType = upstream.headers["content-type"] ?? "";
  const sse = /^text\/event-stream/i.test(contentType);
  ctx.upstreamStatus = status;
  recordResponse(ctx, status, recordedResponseHeaders(upstream.headers), sse);
  if (status >= 400) {
    ctx.errorCode = "upstream_error";
    ctx.errorMessage = `The upstream answered with status ${status}.`;
  }
  const filter = ctx.filter;
  // A REST connection's body is read only when response rules could change or block it.
  const inspect = ctx.adapter.kind !== "http" || (filter !== undefined && (filter.masksContent || filter.guardsResponses));
  if (!inspect || !filter) return relayRaw(ctx, upstream, false);
  const encoding = upstream.headers["content-encoding"];
  if (encoding && encoding !== "identity") {
    upstream.destroy();
    // The gateway asked for an uncompressed body; one it cannot read cannot be masked (fail closed).
    throw new GatewayError("upstream_error", `The upstream sent a ${encoding}-encoded body, which the gateway cannot inspect.`);
  }
  if (sse) return relaySse(ctx, upstream);
  if (/json/i.test(contentType)) return relayJson(ctx, upstream);
  return relayRaw(ctx, upstream, isText(contentType) || contentType === "");
}

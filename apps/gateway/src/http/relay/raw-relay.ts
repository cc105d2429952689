// Bodies the gateway does not parse (binary, compressed, or on connections with nothing to mask):
// streamed through as they arrive. Text bodies of REST connections with response masking go
// through a masking channel instead.
import type { IncomingMessage } from "node:http";
import { GatewayError } from "../../errors";
import type { ExchangeContext } from "../context";
import { markFirstByte, scrubbed, scrubbedRest } from "../context";
import { clientResponseHeaders, scrubHeaders } from "../upstream/forward-headers";
import { consumeUpstream } from "./consume-upstream";

export async function relayRaw(ctx: ExchangeContext, upstream: IncomingMessage, maskText: boolean): Promise<void> {
  const { res, filter } = ctx;
  const channel = maskText && filter ? filter.channel() : undefined;
  // Masking or scrubbing may change the length, so the body is then sent chunked.
  const headers = clientResponseHeaders(upstream.headers, channel !== undefined || ctx.scrubber !== undefined);
  scrubHeaders(headers, ctx.scrubber);
  ctx.status = upstream.statusCode ?? 502;
  res.writeHead(ctx.status, headers);
  const decoder = channel ? new TextDecoder() : undefined;
  const body = consumeUpstream(upstream, res, ctx.clientGone, ctx.services.config.AIRLOCK_UPSTREAM_BODY_IDLE_TIMEOUT_MS, (chunk) => {
    markFirstByte(ctx);
    if (channel && decoder) {
      const text = channel.push(decoder.decode(chunk, { stream: true }));
      if (text) body.write(scrubbed(ctx, text));
    } else {
      body.write(scrubbed(ctx, chunk));
    }
  });
  const how = await body.done;
  if (how === "client_gone") return;
  if (how === "end") {
    if (channel && decoder) {
      const rest = channel.push(decoder.decode()) + channel.flush();
      filter?.endStream();
      res.write(scrubbed(ctx, rest));
    }
    res.end(scrubbedRest(ctx));
    return;
  }
  // Headers are out and the body format is unknown: the only honest signal left is to cut the
  // connection, so the client sees an incomplete response rather than a truncated "success".
  const failure =
    how === "idle"
      ? new GatewayError("upstream_timeout", "The upstream response body went silent.")
      : new GatewayError("upstream_error", "The upstream connection closed before the response was complete.");
  ctx.errorCode = failure.code;
  ctx.errorMessage = failure.message;
  ctx.metrics.upstreamErrors.inc({ connection: ctx.connection?.name ?? "-", reason: how });
  res.destroy();
}

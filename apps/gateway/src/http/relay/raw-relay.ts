// Bodies the gateway does not parse (binary, compressed, or on connections with nothing to mask):
// streamed through as they arrive. Text bodies of REST connections with response masking or text
// rules go through a masking channel instead, which holds back only what could still become a
// match; when a text rule matches, the text before it is sent and the connection is cut (the
// status line is long gone, and a plain-text body has no error event to end with).
import type { IncomingMessage } from "node:http";
import type { Verdict } from "@airlock/policy";
import type { GuardrailBlockPayload } from "@airlock/recording";
import { GatewayError } from "../../errors";
import { blockedError } from "../blocked-error";
import type { ExchangeContext } from "../context";
import { markFirstByte, scrubbed, scrubbedRest } from "../context";
import { recordBlock } from "../record";
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
      if (filter?.blocked) body.stop();
    } else {
      body.write(scrubbed(ctx, chunk));
    }
  });
  const how = await body.done;
  if (how === "client_gone") return;
  if (channel && decoder) {
    // The held-back tail is released only at a clean end; it may still complete a match.
    if (how === "end" && !filter?.blocked) res.write(scrubbed(ctx, channel.push(decoder.decode()) + channel.flush()));
    filter?.endStream();
  }
  if (filter?.blocked) return cutForBlock(ctx, filter.blocked, filter.blockedSubject);
  if (how === "end") {
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

function cutForBlock(ctx: ExchangeContext, verdict: Verdict, subject: GuardrailBlockPayload["subject"]): void {
  recordBlock(ctx, verdict, "response", subject);
  const failure = blockedError(verdict, "response");
  ctx.errorCode = failure.code;
  ctx.errorMessage = failure.message;
  ctx.res.destroy();
}

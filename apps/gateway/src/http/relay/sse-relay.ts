// Server-sent event responses: parsed event by event, transformed by the provider's stream
// transformer (masking, text rules, held tool calls), and written to the client as soon as each
// upstream chunk is processed. A blocked tool call or text, a broken upstream or a silent one ends
// the stream with an error event in the provider's shape; a response the model allow-list refuses
// is answered with an error before the stream starts, as a whole response would be.
import type { IncomingMessage } from "node:http";
import { createParser } from "eventsource-parser";
import { GatewayError } from "../../errors";
import { blockedError } from "../blocked-error";
import type { ExchangeContext } from "../context";
import { markFirstByte, scrubbed, scrubbedRest } from "../context";
import { recordBlock } from "../record";
import { clientResponseHeaders, scrubHeaders } from "../upstream/forward-headers";
import { consumeUpstream } from "./consume-upstream";

export async function relaySse(ctx: ExchangeContext, upstream: IncomingMessage): Promise<void> {
  const { res, filter, route } = ctx;
  if (!filter || !route) throw new Error("relaySse needs a response filter");
  if ((upstream.statusCode ?? 200) < 400) {
    const refused = filter.checkStreamStart();
    if (refused) {
      upstream.destroy();
      recordBlock(ctx, refused, "response", filter.blockedSubject);
      throw blockedError(refused, "response");
    }
  }
  const headers = clientResponseHeaders(upstream.headers, true);
  headers["cache-control"] = "no-cache";
  headers["x-accel-buffering"] = "no";
  delete headers["content-encoding"];
  scrubHeaders(headers, ctx.scrubber);
  ctx.status = upstream.statusCode ?? 200;
  res.writeHead(ctx.status, headers);
  res.flushHeaders();

  const transformer = ctx.adapter.createStreamTransformer(route.rest, filter);
  let out = "";
  const parser = createParser({
    onEvent: (event) => {
      if (!filter.blocked) out += transformer.onEvent(event);
    },
    onComment: (comment) => {
      if (!filter.blocked) out += `:${comment}\n\n`;
    },
  });
  const decoder = new TextDecoder();
  const body = consumeUpstream(upstream, res, ctx.clientGone, ctx.services.config.AIRLOCK_UPSTREAM_BODY_IDLE_TIMEOUT_MS, (chunk) => {
    out = "";
    parser.feed(decoder.decode(chunk, { stream: true }));
    if (out) {
      markFirstByte(ctx);
      body.write(scrubbed(ctx, out));
    }
    if (filter.blocked) body.stop();
  });
  const how = await body.done;
  if (how === "client_gone") return;

  out = "";
  if (how === "end" && !filter.blocked) {
    parser.feed(decoder.decode());
    // A last event without its blank line is still an event.
    parser.feed("\n\n");
    if (!filter.blocked) out += transformer.end();
  }
  filter.endStream();
  let failure: GatewayError | undefined;
  if (filter.blocked) {
    recordBlock(ctx, filter.blocked, "response", filter.blockedSubject);
    failure = blockedError(filter.blocked, "response");
  } else if (how === "broken") {
    failure = new GatewayError("upstream_error", "The upstream stream broke off before the response was complete.");
  } else if (how === "idle") {
    failure = new GatewayError("upstream_timeout", `The upstream stream was silent for more than ${ctx.services.config.AIRLOCK_UPSTREAM_BODY_IDLE_TIMEOUT_MS} ms.`);
  }
  if (failure) {
    ctx.errorCode = failure.code;
    ctx.errorMessage = failure.message;
    if (failure.code !== "guardrail_blocked") ctx.metrics.upstreamErrors.inc({ connection: ctx.connection?.name ?? "-", reason: how });
    out += ctx.adapter.streamError(failure);
  }
  if (out) {
    markFirstByte(ctx);
    res.write(scrubbed(ctx, out));
  }
  res.end(scrubbedRest(ctx));
}

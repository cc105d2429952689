// Whole JSON responses: read (bounded by the idle timeout), checked by response guardrails (tool
// calls, text), masked value by value, pseudonyms restored, and sent with a fresh content-length.
import type { IncomingMessage } from "node:http";
import { GatewayError } from "../../errors";
import { mapStrings } from "../../providers/json-walk";
import type { ExchangeContext } from "../context";
import { markFirstByte, scrubbed, scrubbedRest } from "../context";
import { recordBlock } from "../record";
import { clientResponseHeaders, scrubHeaders } from "../upstream/forward-headers";
import { ClientGoneError } from "../upstream/upstream-client";
import { consumeUpstream } from "./consume-upstream";

const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

async function readAll(ctx: ExchangeContext, upstream: IncomingMessage): Promise<Buffer> {
  const parts: Buffer[] = [];
  let size = 0;
  const body = consumeUpstream(upstream, ctx.res, ctx.clientGone, ctx.services.config.AIRLOCK_UPSTREAM_BODY_IDLE_TIMEOUT_MS, (chunk) => {
    size += chunk.length;
    if (size > MAX_RESPONSE_BYTES) body.stop();
    else parts.push(chunk);
  });
  const how = await body.done;
  if (how === "client_gone") throw new ClientGoneError();
  if (how === "idle") throw new GatewayError("upstream_timeout", `The upstream response body was silent for more than ${ctx.services.config.AIRLOCK_UPSTREAM_BODY_IDLE_TIMEOUT_MS} ms.`);
  if (how === "broken") throw new GatewayError("upstream_error", "The upstream connection closed before the response was complete.");
  if (how === "stopped") throw new GatewayError("upstream_error", `The upstream response exceeds ${MAX_RESPONSE_BYTES} bytes.`);
  return Buffer.concat(parts, size);
}

export async function relayJson(ctx: ExchangeContext, upstream: IncomingMessage): Promise<void> {
  const { res, filter, route } = ctx;
  if (!filter || !route) throw new Error("relayJson needs a response filter");
  const raw = await readAll(ctx, upstream);
  const status = upstream.statusCode ?? 502;
  let json: unknown;
  let parsed = true;
  try {
    json = JSON.parse(raw.toString("utf8"));
  } catch {
    parsed = false;
  }
  let out: Buffer;
  if (!parsed) {
    const masked = filter.mask(raw.toString("utf8"));
    filter.noteText(masked);
    out = Buffer.from(filter.restore(masked));
  } else {
    if (status < 400) {
      const unmasked = ctx.adapter.describeResponse(route.rest, json);
      const verdict = filter.checkWhole(unmasked.text ? [unmasked.text] : [], unmasked.toolCalls);
      if (verdict.action === "block") {
        const call = unmasked.toolCalls[0];
        recordBlock(ctx, verdict, "response", call ? { kind: "tool_call", name: call.name } : { kind: "message" });
        throw new GatewayError("guardrail_blocked", `Blocked by an Airlock guardrail: ${verdict.reason ?? verdict.ruleName ?? "response not allowed"}`);
      }
    }
    // Mask first (this is what is recorded), then put the caller's own values back for the client.
    if (!filter.masksNothing) json = mapStrings(json, (s) => filter.mask(s), ctx.adapter.skipKeys);
    const recorded = ctx.adapter.describeResponse(route.rest, json);
    filter.noteText(recorded.text);
    for (const call of recorded.toolCalls) filter.noteToolCall(call);
    filter.usage = recorded.usage;
    filter.finishReason = recorded.finishReason;
    if (ctx.pseudonyms) {
      const pseudonyms = ctx.pseudonyms;
      json = mapStrings(json, (s) => pseudonyms.restore(s), ctx.adapter.skipKeys);
    }
    out = filter.masksContent ? Buffer.from(JSON.stringify(json)) : raw;
  }
  if (ctx.scrubber) out = Buffer.concat([Buffer.from(scrubbed(ctx, out)), scrubbedRest(ctx) ?? Buffer.alloc(0)]);
  const headers = clientResponseHeaders(upstream.headers, true);
  scrubHeaders(headers, ctx.scrubber);
  headers["content-length"] = String(out.length);
  ctx.status = status;
  markFirstByte(ctx);
  res.writeHead(status, headers);
  res.end(out);
}

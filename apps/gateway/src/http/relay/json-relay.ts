// Whole JSON responses: read (bounded by the idle timeout), checked by response guardrails (tool
// calls, text), masked value by value, pseudonyms restored, and sent with a fresh content-length;
// encoded again only when a value changed, otherwise sent as the upstream wrote it.
// With nothing to mask, restore or guard, the bytes go out as received (scrubbed of the credential)
// and are parsed only after the client has them, for the recording. The body is still read whole
// first, so a stalled or broken upstream body still gets a proper 504/502 answer.
import type { IncomingMessage } from "node:http";
import { GatewayError } from "../../errors";
import { collectStrings, mapStrings } from "../../providers/json-walk";
import type { ResponseFilter } from "../../providers/response-filter";
import { blockedError } from "../blocked-error";
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

/** The recording's text, tool calls and usage from a body the client already received untouched. */
function recordUntouched(ctx: ExchangeContext, filter: ResponseFilter, rest: string, raw: Buffer): void {
  const text = raw.toString("utf8");
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    filter.noteText(filter.mask(text));
    return;
  }
  // Only the credential can need removing here; walk the strings only when it is actually there.
  if (ctx.scrubber?.occursIn(raw)) json = mapStrings(json, (s) => filter.mask(s), ctx.adapter.skipKeys);
  noteRecorded(ctx, filter, rest, json);
}

function noteRecorded(ctx: ExchangeContext, filter: ResponseFilter, rest: string, maskedJson: unknown): void {
  const recorded = ctx.adapter.describeResponse(rest, maskedJson);
  filter.noteText(recorded.text);
  for (const call of recorded.toolCalls) filter.noteToolCall(call);
  filter.usage = recorded.usage;
  filter.finishReason = recorded.finishReason;
}

export async function relayJson(ctx: ExchangeContext, upstream: IncomingMessage): Promise<void> {
  const { filter, route } = ctx;
  if (!filter || !route) throw new Error("relayJson needs a response filter");
  const raw = await readAll(ctx, upstream);
  const status = upstream.statusCode ?? 502;
  if (!filter.masksContent && !filter.guardsResponses) {
    send(ctx, upstream, status, raw);
    recordUntouched(ctx, filter, route.rest, raw);
    return;
  }
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
    if (status < 400 && filter.guardsResponses) {
      const unmasked = ctx.adapter.describeResponse(route.rest, json);
      // A REST body has no message text: response text rules judge each of its string values.
      const texts = ctx.adapter.kind === "http" ? collectStrings(json, ctx.adapter.skipKeys) : unmasked.text ? [unmasked.text] : [];
      const verdict = filter.checkWhole(texts, unmasked.toolCalls);
      if (verdict.action === "block") {
        const call = unmasked.toolCalls[0];
        recordBlock(ctx, verdict, "response", call ? { kind: "tool_call", name: call.name } : { kind: "message" });
        throw blockedError(verdict, "response");
      }
    }
    // Mask first (this is what is recorded), then put the caller's own values back for the client.
    // A body in which nothing changed goes out as the upstream sent it, without serialising it again.
    let changed = false;
    const changing = (map: (s: string) => string) => (s: string) => {
      const mapped = map(s);
      if (mapped !== s) changed = true;
      return mapped;
    };
    if (!filter.masksNothing) json = mapStrings(json, changing((s) => filter.mask(s)), ctx.adapter.skipKeys);
    noteRecorded(ctx, filter, route.rest, json);
    if (ctx.pseudonyms) {
      const pseudonyms = ctx.pseudonyms;
      json = mapStrings(json, changing((s) => pseudonyms.restore(s)), ctx.adapter.skipKeys);
    }
    out = changed ? Buffer.from(JSON.stringify(json)) : raw;
  }
  send(ctx, upstream, status, out);
}

function send(ctx: ExchangeContext, upstream: IncomingMessage, status: number, body: Buffer): void {
  let out = body;
  if (ctx.scrubber) {
    const scrubbedHead = scrubbed(ctx, out);
    const head = typeof scrubbedHead === "string" ? Buffer.from(scrubbedHead) : scrubbedHead;
    const rest = scrubbedRest(ctx);
    out = rest && rest.length > 0 ? Buffer.concat([head, rest]) : head;
  }
  const headers = clientResponseHeaders(upstream.headers, true);
  scrubHeaders(headers, ctx.scrubber);
  headers["content-length"] = String(out.length);
  ctx.status = status;
  markFirstByte(ctx);
  ctx.res.writeHead(status, headers);
  ctx.res.end(out);
}

// Stage 6: build the upstream request (URL, headers minus the client's credentials, the
// connection's own credential) and send the masked body.
import type { IncomingMessage } from "node:http";
import type { ExchangeContext } from "../context";
import { upstreamRequestHeaders } from "../upstream/forward-headers";
import { upstreamUrl } from "../upstream/upstream-url";

const BODYLESS = new Set(["GET", "HEAD", "OPTIONS", "TRACE"]);

export function forward(ctx: ExchangeContext, secret: string | null): Promise<IncomingMessage> {
  const { connection, route, rules, services } = ctx;
  if (!connection || !route || !rules) throw new Error("forward before identify");
  const url = upstreamUrl(connection.upstreamUrl, route.rest, route.search);
  // Bodies come back uncompressed so they can be masked, checked and scrubbed of the credential.
  const headers = upstreamRequestHeaders(ctx.req.headers, url.host, true);
  if (secret) ctx.adapter.injectCredential(headers, secret, connection);
  const method = ctx.req.method ?? "GET";
  const body = ctx.forwardBody && ctx.forwardBody.length > 0 ? ctx.forwardBody : undefined;
  if (body || !BODYLESS.has(method)) headers["content-length"] = String(body?.length ?? 0);
  return ctx.upstream.call({
    url,
    method,
    headers,
    body,
    clientGone: ctx.clientGone,
    headersTimeoutMs: services.config.AIRLOCK_UPSTREAM_HEADERS_TIMEOUT_MS,
    allowPrivate: connection.allowPrivateNetwork === true || services.config.AIRLOCK_ALLOW_PRIVATE_UPSTREAMS,
    connectionName: connection.name,
  });
}

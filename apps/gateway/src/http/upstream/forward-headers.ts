// Which headers cross the gateway. Hop-by-hop headers never do; the client's own credentials and
// Airlock's control headers never reach the upstream; the upstream's hop-by-hop headers never reach
// the client.
import type { IncomingHttpHeaders, OutgoingHttpHeaders } from "node:http";

const HOP_BY_HOP = new Set([
  "connection", "keep-alive", "proxy-authenticate", "proxy-authorization", "te", "trailer", "trailers",
  "transfer-encoding", "upgrade", "proxy-connection", "http2-settings",
]);
const CLIENT_CREDENTIALS = new Set(["authorization", "x-api-key", "cookie"]);

function connectionListed(headers: IncomingHttpHeaders): Set<string> {
  const value = headers.connection;
  const listed = new Set<string>();
  if (typeof value === "string") for (const name of value.split(",")) listed.add(name.trim().toLowerCase());
  return listed;
}

/** Request headers for the upstream, before the credential is injected. */
export function upstreamRequestHeaders(headers: IncomingHttpHeaders, host: string, forceIdentity: boolean): OutgoingHttpHeaders {
  const listed = connectionListed(headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    if (HOP_BY_HOP.has(name) || listed.has(name) || CLIENT_CREDENTIALS.has(name)) continue;
    if (name === "host" || name === "content-length" || name.startsWith("x-airlock-")) continue;
    out[name] = value;
  }
  out.host = host;
  // The gateway reads response bodies to mask and record them, so it asks for them uncompressed.
  if (forceIdentity) out["accept-encoding"] = "identity";
  return out;
}

/** Upstream response headers for the client. */
export function clientResponseHeaders(headers: IncomingHttpHeaders, dropLength: boolean): OutgoingHttpHeaders {
  const listed = connectionListed(headers);
  const out: OutgoingHttpHeaders = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || listed.has(name)) continue;
    if (dropLength && name === "content-length") continue;
    out[name] = value;
  }
  return out;
}

/** Replaces the injected credential wherever an upstream echoed it into a response header. */
export function scrubHeaders(headers: OutgoingHttpHeaders, scrubber: { scrubText(text: string): string } | undefined): void {
  if (!scrubber) return;
  for (const [name, value] of Object.entries(headers)) {
    if (typeof value === "string") headers[name] = scrubber.scrubText(value);
    else if (Array.isArray(value)) headers[name] = value.map((v) => scrubber.scrubText(v));
  }
}

const RECORDED_RESPONSE_HEADERS = /^(content-type|x-request-id|request-id|openai-.*|anthropic-.*|x-ratelimit-.*|retry-after)$/;
const SECRET_HEADER = /auth|key|token|secret|cookie|session|password|signature/i;

/** Request headers as recorded: credentials and anything secret-looking removed. */
export function recordedRequestHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || SECRET_HEADER.test(name) || HOP_BY_HOP.has(name)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

export function recordedResponseHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || !RECORDED_RESPONSE_HEADERS.test(name)) continue;
    out[name] = Array.isArray(value) ? value.join(", ") : value;
  }
  return out;
}

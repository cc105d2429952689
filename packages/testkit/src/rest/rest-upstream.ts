import { STATUS_CODES } from "node:http";
import type { Exchange } from "../http/exchange";
import { startFakeServer, type FakeUpstream, type RequiredAuth } from "../http/fake-server";

export interface RestUpstreamOptions {
  /** When set, requests without this credential get `401 {"error": …}`. */
  requiredAuth?: RequiredAuth;
}

/** The JSON body every echoing route returns: the request as the upstream saw it. */
export interface RestEcho {
  method: string;
  path: string;
  query: Record<string, string | string[]>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** `body` parsed, when it was JSON. */
  json?: unknown;
}

function echoOf(exchange: Exchange): RestEcho {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(exchange.url.searchParams.keys())) {
    const values = exchange.url.searchParams.getAll(key);
    query[key] = values.length === 1 ? (values[0] ?? "") : values;
  }
  const { record } = exchange;
  return {
    method: record.method,
    path: exchange.url.pathname,
    query,
    headers: { ...record.headers },
    body: record.rawBody,
    ...(record.body === undefined ? {} : { json: record.body }),
  };
}

function numberParam(exchange: Exchange, name: string, fallback: number): number {
  const value = Number(exchange.url.searchParams.get(name));
  return Number.isFinite(value) && value >= 0 && exchange.url.searchParams.has(name) ? value : fallback;
}

/** `/stream?chunks=N&delay=MS`: chunked `text/plain`, one `chunk i\n` line per write. */
async function streamLines(exchange: Exchange): Promise<void> {
  const chunks = numberParam(exchange, "chunks", 5);
  const delay = numberParam(exchange, "delay", 0);
  exchange.startStream(200, { "content-type": "text/plain; charset=utf-8" });
  for (let i = 1; i <= chunks && !exchange.closed; i++) {
    if (i > 1) await exchange.sleep(delay);
    exchange.emit(`chunk ${i}\n`);
  }
  exchange.end();
}

/** `/events?say=a|b|c`: `text/event-stream`, one `data: {"text": …}` event per `|`-separated piece. */
function streamEvents(exchange: Exchange): void {
  const pieces = (exchange.url.searchParams.get("say") ?? "one|two|three").split("|");
  exchange.startStream(200, { "content-type": "text/event-stream" });
  for (const text of pieces) {
    if (exchange.closed) return;
    exchange.emit(`data: ${JSON.stringify({ text })}\n\n`);
  }
  exchange.end();
}

/**
 * A generic REST upstream on 127.0.0.1 (random port). Any method and path echoes the request as
 * JSON; `/status/:code` answers with that status, `/slow?ms=` answers after a delay, `/stream`
 * sends chunked text and `/events` server-sent events.
 */
export function startRestUpstream(options: RestUpstreamOptions = {}): Promise<FakeUpstream> {
  async function route(exchange: Exchange): Promise<void> {
    const path = exchange.url.pathname;
    const status = /^\/status\/(\d{3})$/.exec(path)?.[1];
    if (status !== undefined) {
      const code = Number(status);
      if (code === 204 || code === 304 || exchange.req.method === "HEAD") exchange.sendText(code, "");
      else exchange.sendJson(code, { status: code, message: STATUS_CODES[code] ?? "", request: echoOf(exchange) });
      return;
    }
    if (path === "/slow") {
      await exchange.sleep(numberParam(exchange, "ms", 1000));
      if (!exchange.closed) exchange.sendJson(200, echoOf(exchange));
      return;
    }
    if (path === "/stream") return streamLines(exchange);
    if (path === "/events") return streamEvents(exchange);
    exchange.sendJson(200, echoOf(exchange));
  }

  return startFakeServer({
    basePath: "",
    requiredAuth: options.requiredAuth,
    sendError: (exchange, status, message) => exchange.sendJson(status, { error: message }),
    handle: route,
  });
}

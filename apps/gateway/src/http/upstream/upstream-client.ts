// Forwarding with node:http/https and keep-alive agents rather than http-proxy-3: Airlock rewrites
// request bodies (masking) and parses response bodies (masking, tool-call guardrails, recording),
// so a pass-through proxy would not save work, and owning the request gives precise control of
// cancellation (client gone → upstream destroyed) and of the header timeout.
import http, { type IncomingMessage, type OutgoingHttpHeaders } from "node:http";
import https from "node:https";
import { GatewayError } from "../../errors";
import type { ClientGone } from "../client-gone";
import { assertUpstreamAllowed, guardedLookup, PrivateUpstreamError } from "../../net/guarded-lookup";

export class ClientGoneError extends Error {
  constructor() {
    super("client went away");
  }
}

export interface UpstreamCall {
  url: URL;
  method: string;
  headers: OutgoingHttpHeaders;
  body: Buffer | undefined;
  /** Aborts the call (client disconnected). */
  clientGone: ClientGone;
  headersTimeoutMs: number;
  allowPrivate: boolean;
  connectionName: string;
}

export interface Upstream {
  call(call: UpstreamCall): Promise<IncomingMessage>;
  close(): void;
}

function unreachable(connectionName: string, code: string): GatewayError {
  return new GatewayError("upstream_unreachable", `Cannot reach the upstream of connection '${connectionName}' (${code}).`);
}

export function createUpstream(): Upstream {
  // No per-host socket cap: a capped agent queues requests inside Node, so long-lived streams
  // (1,000 concurrent SSE completions to one provider) would wait for each other.
  const agents = {
    "http:": new http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" }),
    "https:": new https.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" }),
  };

  function attempt(call: UpstreamCall, retried: boolean): Promise<IncomingMessage> {
    // The request's listeners below live as long as its response streams, and keep this scope
    // alive with them: so they reach the call (and the request body in it) only through `retry`,
    // which settling clears, and never name `call` itself.
    let retry: UpstreamCall | undefined = retried ? undefined : call;
    let body = call.body;
    const { url, method, headers, clientGone, headersTimeoutMs, allowPrivate, connectionName } = call;
    return new Promise((resolve, reject) => {
      const protocol = url.protocol === "https:" ? "https:" : "http:";
      const request = (protocol === "https:" ? https : http).request(url, {
        method,
        headers,
        agent: agents[protocol],
        ...(allowPrivate ? {} : { lookup: guardedLookup }),
      });
      let settled = false;
      const timer = setTimeout(() => {
        fail(new GatewayError("upstream_timeout", `The upstream of connection '${connectionName}' sent no response headers within ${headersTimeoutMs} ms.`));
      }, headersTimeoutMs);
      let offGone: () => void = () => undefined;

      function cleanup(): void {
        settled = true;
        retry = undefined;
        clearTimeout(timer);
        offGone();
      }
      function fail(error: Error): void {
        if (settled) return;
        cleanup();
        request.destroy();
        reject(error);
      }

      request.on("socket", (socket) => socket.setNoDelay(true));
      request.on("response", (response) => {
        if (settled) {
          response.destroy();
          return;
        }
        cleanup();
        // Cancelling after the headers arrived is the relay's job; it destroys the response.
        resolve(response);
      });
      request.on("error", (error: NodeJS.ErrnoException) => {
        if (settled) return;
        // A keep-alive socket the upstream closed meanwhile: retry once on a fresh socket.
        const again = retry;
        if (again && request.reusedSocket && error.code === "ECONNRESET") {
          cleanup();
          attempt(again, true).then(resolve, reject);
          return;
        }
        if (error instanceof PrivateUpstreamError) return fail(error);
        fail(unreachable(connectionName, error.code ?? error.message));
      });
      offGone = clientGone.on(() => fail(new ClientGoneError()));
      if (!settled) request.end(body);
      body = undefined;
    });
  }

  return {
    call(call) {
      if (!call.allowPrivate) {
        try {
          assertUpstreamAllowed(call.url);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return attempt(call, false);
    },
    close() {
      agents["http:"].destroy();
      agents["https:"].destroy();
    },
  };
}

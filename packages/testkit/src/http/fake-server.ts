import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { Exchange } from "./exchange";
import { closeHttpServer, listenOnLoopback, LOOPBACK_HOST } from "./loopback";
import { preciseNow, RequestLog, type RecordedRequest } from "./request-log";

/** Reject requests that do not carry this credential (with a 401 in the provider's shape). */
export interface RequiredAuth {
  /** Header name, e.g. `authorization` or `x-api-key` (case-insensitive). */
  header: string;
  /** Expected value. For `authorization`, a bare token also matches `Bearer <token>`. */
  value: string;
}

/** A running fake upstream: where it listens, what it received, and how to stop it. */
export interface FakeUpstream {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  readonly url: string;
  /** What the provider's official SDK takes as `baseURL` (OpenAI: `<url>/v1`; others: `<url>`). */
  readonly baseURL: string;
  readonly port: number;
  /** Every request received, in arrival order. */
  readonly requests: readonly RecordedRequest[];
  /** How many responses the peer abandoned before they finished. */
  readonly aborted: number;
  lastRequest(): RecordedRequest | undefined;
  /** Emit times (epoch ms) of a request's streamed writes; defaults to the last request. */
  chunkTimes(request?: RecordedRequest): number[];
  /** Resolves once at least `count` responses were abandoned by the peer. */
  waitForAborted(count?: number, timeoutMs?: number): Promise<void>;
  /** Forgets recorded requests and the aborted count. */
  clear(): void;
  close(): Promise<void>;
}

export interface FakeServerSpec {
  /** Appended to the origin to form `baseURL`. */
  basePath: string;
  requiredAuth?: RequiredAuth | undefined;
  /**
   * Anthropic accepts an API key either as `x-api-key` or as `Authorization: Bearer` (what
   * @anthropic-ai/sdk 1.x sends); when true, a required `x-api-key` may arrive either way.
   */
  apiKeyAsBearer?: boolean;
  /** Responds with an error in the provider's own shape. */
  sendError(exchange: Exchange, status: number, message: string): void;
  handle(exchange: Exchange): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on("data", (part: Buffer) => parts.push(part));
    req.on("end", () => resolve(Buffer.concat(parts).toString("utf8")));
    req.on("error", reject);
  });
}

function parseJsonBody(raw: string, contentType: string | undefined): unknown {
  const looksJson = contentType?.includes("json") ?? /^\s*[[{]/.test(raw);
  if (!looksJson || raw.trim() === "") return undefined;
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return undefined;
  }
}

function authorized(req: IncomingMessage, auth: RequiredAuth | undefined, apiKeyAsBearer: boolean): boolean {
  if (!auth) return true;
  const header = auth.header.toLowerCase();
  const bearer = `Bearer ${auth.value}`;
  if (req.headers[header] === auth.value) return true;
  if (header === "authorization" && req.headers.authorization === bearer) return true;
  return apiKeyAsBearer && header === "x-api-key" && req.headers.authorization === bearer;
}

/** The plumbing every fake upstream shares: loopback listener, request journal, auth, shutdown. */
export async function startFakeServer(spec: FakeServerSpec): Promise<FakeUpstream> {
  const log = new RequestLog();
  const live = new Set<Exchange>();

  const server = createServer({ noDelay: true }, (req: IncomingMessage, res: ServerResponse) => {
    void serve(req, res);
  });

  async function serve(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let exchange: Exchange | undefined;
    try {
      const rawBody = await readBody(req);
      const url = req.url ?? "/";
      const record = log.add({
        method: req.method ?? "GET",
        path: url.split("?")[0] ?? "/",
        url,
        headers: req.headers,
        rawBody,
        body: parseJsonBody(rawBody, req.headers["content-type"]),
        receivedAt: preciseNow(),
        emits: [],
        status: undefined,
        finished: false,
        aborted: false,
      });
      exchange = new Exchange(req, res, record, (r) => log.markAborted(r));
      live.add(exchange);
      void exchange.untilClosed().then(() => exchange && live.delete(exchange));
      if (!authorized(req, spec.requiredAuth, spec.apiKeyAsBearer ?? false)) {
        spec.sendError(exchange, 401, "Invalid authentication credentials");
        return;
      }
      await spec.handle(exchange);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      if (exchange && !res.headersSent) {
        spec.sendError(exchange, 500, `fake upstream failed: ${message}`);
        return;
      }
      exchange?.markClosingByServer();
      res.destroy();
    }
  }

  const port = await listenOnLoopback(server);
  const url = `http://${LOOPBACK_HOST}:${port}`;
  return {
    url,
    baseURL: `${url}${spec.basePath}`,
    port,
    get requests() {
      return log.requests;
    },
    get aborted() {
      return log.aborted;
    },
    lastRequest: () => log.requests.at(-1),
    chunkTimes: (request) => (request ?? log.requests.at(-1))?.emits.map((e) => e.at) ?? [],
    waitForAborted: (count = 1, timeoutMs = 5000) => log.waitForAborted(count, timeoutMs),
    clear: () => log.clear(),
    close: async () => {
      for (const exchange of live) exchange.markClosingByServer();
      await closeHttpServer(server);
    },
  };
}

// The bench's upstream: a minimal node:http server answering OpenAI chat completions with fixed
// bodies (1 KB or 16 KB JSON, a 20-word SSE stream, or a slow stream for the memory test). It does
// as little as possible so that it never becomes the bottleneck the proxies are measured against;
// the testkit upstream logs and scripts every exchange, which costs more than a proxy's work.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { failStartup, serveCommands } from "../lib/ipc";
import { chatCompletion, replyKindOf, sseEvents, type ReplyKind } from "../lib/payloads";

const SLOW_STREAM_MS = Number(process.env.BENCH_SLOW_STREAM_MS ?? 10_000);

const json1k = Buffer.from(chatCompletion(1024));
const json16k = Buffer.from(chatCompletion(16 * 1024));
const events = sseEvents().map((e) => Buffer.from(e));
const sseBody = Buffer.concat(events);

const served: Record<ReplyKind, number> = { "json-1k": 0, "json-16k": 0, sse: 0, "sse-slow": 0 };

const JSON_HEADERS = { "content-type": "application/json", "openai-processing-ms": "1" };
const SSE_HEADERS = { "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache" };

function slowStream(res: ServerResponse): void {
  // First event at once, the rest spread evenly over SLOW_STREAM_MS, like a model thinking aloud.
  res.writeHead(200, SSE_HEADERS);
  res.write(events[0]);
  let next = 1;
  const step = SLOW_STREAM_MS / (events.length - 1);
  const timer = setInterval(() => {
    const event = events[next++];
    if (event) res.write(event);
    if (next >= events.length) {
      clearInterval(timer);
      res.end();
    }
  }, step);
  res.on("close", () => clearInterval(timer));
}

const server = createServer({ keepAliveTimeout: 120_000, noDelay: true }, (req, res) => {
  const parts: Buffer[] = [];
  req.on("data", (part: Buffer) => parts.push(part));
  req.on("end", () => {
    if (req.method !== "POST" || !req.url?.endsWith("/chat/completions")) {
      res.writeHead(404, JSON_HEADERS).end('{"error":{"message":"not found","type":"invalid_request_error","code":null}}');
      return;
    }
    const kind = replyKindOf(Buffer.concat(parts).toString("latin1"));
    served[kind] += 1;
    if (kind === "sse-slow") return slowStream(res);
    if (kind === "sse") {
      res.writeHead(200, SSE_HEADERS);
      // Role event on its own first, as providers do, then the rest together.
      res.write(events[0]);
      res.end(sseBody.subarray(events[0]!.length));
      return;
    }
    const body = kind === "json-16k" ? json16k : json1k;
    res.writeHead(200, { ...JSON_HEADERS, "content-length": String(body.length) }).end(body);
  });
});
server.headersTimeout = 0;
server.requestTimeout = 0;

server.on("error", failStartup);
server.listen(0, "127.0.0.1", () => {
  serveCommands(
    { http: (server.address() as AddressInfo).port },
    {
      served: () => ({ ...served }),
      stop: () => new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
    },
  );
});

// The gateway's HTTP listener: every request becomes one exchange run through the pipeline.
import { randomBytes } from "node:crypto";
import { createServer, type Server } from "node:http";
import type { GatewayMetrics } from "../metrics/gateway-metrics";
import type { GatewayServices } from "../services";
import { createContext } from "./context";
import { runExchange } from "./pipeline";
import { createUpstream, type Upstream } from "./upstream/upstream-client";

export interface GatewayHttpServer {
  server: Server;
  upstream: Upstream;
}

export function createGatewayHttpServer(services: GatewayServices, metrics: GatewayMetrics): GatewayHttpServer {
  const upstream = createUpstream();
  // A per-process prefix plus a counter: unique request ids without a random draw per request.
  const prefix = randomBytes(4).toString("hex");
  let counter = 0;
  const server = createServer({ noDelay: true, keepAlive: true, keepAliveTimeout: 65_000 }, (req, res) => {
    counter = (counter + 1) % Number.MAX_SAFE_INTEGER;
    const ctx = createContext(req, res, services, metrics, upstream, `${prefix}-${counter.toString(36)}`);
    void runExchange(ctx);
  });
  server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
    if (socket.writable && error.code !== "ECONNRESET") {
      const body = JSON.stringify({ error: { message: "Malformed HTTP request.", type: "invalid_request_error", param: null, code: "invalid_request" } });
      socket.end(`HTTP/1.1 400 Bad Request\r\ncontent-type: application/json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`);
    } else {
      socket.destroy();
    }
  });
  return { server, upstream };
}

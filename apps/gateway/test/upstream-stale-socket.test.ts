// A kept-alive upstream socket can be closed by the upstream between two requests; the gateway
// learns it only when its next request on that socket fails. It then sends the request, body and
// all, once more on a fresh socket, and the client never sees the failure.
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { grant, seedConnection } from "./helpers/seed";
import { seedWorld, type World } from "./helpers/world";

// Answers the first request on each connection, keeping it alive, and drops the connection at the
// second without answering: a socket the upstream closed while it sat in the gateway's pool.
const requestsOnSocket = new WeakMap<Socket, number>();
const received: { socketRequest: number; body: string }[] = [];
const sockets = new Set<Socket>();
const upstream = createServer((req: IncomingMessage, res) => {
  const n = (requestsOnSocket.get(req.socket) ?? 0) + 1;
  requestsOnSocket.set(req.socket, n);
  let body = "";
  req.setEncoding("utf8");
  req.on("data", (part: string) => (body += part));
  req.on("end", () => {
    received.push({ socketRequest: n, body });
    if (n > 1) return void req.socket.destroy();
    res.writeHead(200, { "content-type": "application/json", connection: "keep-alive" }).end(JSON.stringify({ echoed: body }));
  });
});
upstream.on("connection", (socket: Socket) => {
  sockets.add(socket);
  socket.on("close", () => sockets.delete(socket));
});

let h: Harness;
let w: World;
let url: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => upstream.listen(0, "127.0.0.1", resolve));
  h = await startHarness();
  w = await seedWorld(h);
  const port = (upstream.address() as AddressInfo).port;
  const connection = await seedConnection(h.db, h.masterKey, { name: "rest-stale-sockets", kind: "http", upstreamUrl: `http://127.0.0.1:${port}` });
  await grant(h.db, connection.id, { serviceAccountId: w.serviceAccountId });
  url = `${h.url}/c/${connection.name}/orders`;
});
afterAll(async () => {
  await h?.close();
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => upstream.close(resolve));
});

async function post(body: string): Promise<{ status: number; json: unknown }> {
  const response = await fetch(url, { method: "POST", headers: { authorization: `Bearer ${w.key}`, "content-type": "application/json" }, body });
  return { status: response.status, json: await response.json() };
}

describe("an upstream socket closed while kept alive", () => {
  it("is retried once on a fresh socket, with the same body", async () => {
    expect(await post('{"order":1}')).toEqual({ status: 200, json: { echoed: '{"order":1}' } });
    // The gateway reuses the kept-alive socket, which the upstream now drops.
    expect(await post('{"order":2}')).toEqual({ status: 200, json: { echoed: '{"order":2}' } });
    expect(received).toEqual([
      { socketRequest: 1, body: '{"order":1}' },
      { socketRequest: 2, body: '{"order":2}' },
      { socketRequest: 1, body: '{"order":2}' },
    ]);
  });
});

// The floor for a Node proxy: http-proxy-3 forwarding every request to the bench upstream through a
// keep-alive agent, doing nothing else (no auth, no inspection, no recording).
import http from "node:http";
import type { AddressInfo } from "node:net";
import { createProxyServer } from "http-proxy-3";
import { failStartup, serveCommands } from "../lib/ipc";

const target = process.env.BENCH_UPSTREAM_URL;
if (!target) failStartup(new Error("BENCH_UPSTREAM_URL is not set"));

// Same agent settings as the gateway's upstream client, so the comparison is like for like.
const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity, scheduling: "lifo" });
const proxy = createProxyServer({ target, agent });
proxy.on("error", (_error, _req, res) => {
  if (res instanceof http.ServerResponse && !res.headersSent) res.writeHead(502).end();
  else res.destroy();
});

const server = http.createServer({ keepAlive: true, keepAliveTimeout: 65_000, noDelay: true }, (req, res) => {
  void proxy.web(req, res);
});
server.on("error", failStartup);
server.listen(0, "127.0.0.1", () => {
  serveCommands(
    { http: (server.address() as AddressInfo).port },
    {
      stop: () => new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
        agent.destroy();
      }),
    },
  );
});

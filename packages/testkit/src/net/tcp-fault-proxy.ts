import { connect, createServer, type Socket } from "node:net";
import { listenOnLoopback, LOOPBACK_HOST } from "../http/loopback";

export interface TcpFaultProxyOptions {
  target: { host: string; port: number };
}

/** A TCP forwarder that can make its target look unreachable, e.g. PostgreSQL going away. */
export interface TcpFaultProxy {
  readonly host: string;
  readonly port: number;
  /** Client connections currently open through the proxy. */
  readonly activeConnections: number;
  /** Resets every live connection (both sides), as a network cut or a crashed server would. */
  cutAll(): void;
  /** While true, new connections are reset as soon as they arrive. */
  refuse(on: boolean): void;
  close(): Promise<void>;
}

/**
 * Listens on 127.0.0.1 (random port) and pipes each connection to `target`. Faults use TCP resets
 * rather than graceful closes so clients see the abrupt failure a real outage produces.
 */
export async function startTcpFaultProxy(options: TcpFaultProxyOptions): Promise<TcpFaultProxy> {
  const pairs = new Set<[Socket, Socket]>();
  let refusing = false;

  const server = createServer((client) => {
    if (refusing) {
      client.on("error", () => undefined);
      client.resetAndDestroy();
      return;
    }
    const upstream = connect(options.target.port, options.target.host);
    const pair: [Socket, Socket] = [client, upstream];
    pairs.add(pair);
    const teardown = (): void => {
      pairs.delete(pair);
      if (!client.destroyed) client.destroy();
      if (!upstream.destroyed) upstream.destroy();
    };
    client.on("error", teardown).on("close", teardown);
    upstream.on("error", teardown).on("close", teardown);
    client.pipe(upstream);
    upstream.pipe(client);
  });

  const port = await listenOnLoopback(server);
  const cutAll = (): void => {
    for (const [client, upstream] of pairs) {
      client.resetAndDestroy();
      upstream.resetAndDestroy();
    }
    pairs.clear();
  };
  return {
    host: LOOPBACK_HOST,
    port,
    get activeConnections() {
      return pairs.size;
    },
    cutAll,
    refuse: (on) => {
      refusing = on;
    },
    close: async () => {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      cutAll();
      await closed;
    },
  };
}

import type { Server } from "node:http";
import type { AddressInfo, Server as NetServer } from "node:net";

export const LOOPBACK_HOST = "127.0.0.1";

/** Binds to 127.0.0.1 on a port the OS picks, so parallel tests never collide. */
export async function listenOnLoopback(server: Server | NetServer): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, LOOPBACK_HOST, () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}

/** Stops accepting connections and drops the live ones (including deliberately hung responses). */
export async function closeHttpServer(server: Server): Promise<void> {
  const closed = new Promise<void>((resolve) => server.close(() => resolve()));
  server.closeAllConnections();
  await closed;
}

import { createServer } from "node:net";
import { listenOnLoopback } from "../http/loopback";

/**
 * Asks the OS for a free loopback port. Only for programs that cannot listen on port 0 themselves
 * (PostgreSQL takes its port on the command line); another process could take the port between
 * this call and its use, so prefer binding to port 0 wherever possible.
 */
export async function findFreePort(): Promise<number> {
  const server = createServer();
  const port = await listenOnLoopback(server);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

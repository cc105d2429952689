import type { Server } from "node:net";

/** A listener could not start; the message names the variable to change. */
export class ListenError extends Error {}

/** Listens and resolves with the bound port (port 0 picks a free one). */
export function listen(server: Server, host: string, port: number, variable: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      if (error.code === "EADDRINUSE") reject(new ListenError(`Port ${port} on ${host} is already in use; set ${variable} to a free port.`));
      else if (error.code === "EACCES") reject(new ListenError(`Not allowed to listen on port ${port}; set ${variable} to a port above 1024.`));
      else if (error.code === "EADDRNOTAVAIL") reject(new ListenError(`Address ${host} is not available on this machine; check AIRLOCK_HOST.`));
      else reject(new ListenError(`Cannot listen on ${host}:${port} (${error.code ?? error.message}); check ${variable}.`));
    };
    const onListening = () => {
      server.off("error", onError);
      const address = server.address();
      resolve(typeof address === "object" && address ? address.port : port);
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

export function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    if (!server.listening) return resolve();
    server.close(() => resolve());
    (server as Server & { closeIdleConnections?: () => void }).closeIdleConnections?.();
  });
}

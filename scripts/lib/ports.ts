import net from "node:net";

/** Resolves when the port can be bound; rejects with a one-line, actionable message otherwise. */
export function assertPortFree(port: number, variable: string, host = "0.0.0.0"): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once("error", (err: NodeJS.ErrnoException) => {
      reject(new Error(err.code === "EADDRINUSE"
        ? `Port ${port} is already in use. Stop whatever uses it, or set ${variable} to another port.`
        : `Cannot listen on port ${port} (${err.code}). Set ${variable} to another port.`));
    });
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

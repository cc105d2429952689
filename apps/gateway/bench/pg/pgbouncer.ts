// A pgbouncer in session mode in front of the upstream database, as the familiar baseline for
// "a Postgres proxy on the path". It refuses to run as root, so under root it runs as `postgres`.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, chownSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { findPgbouncer } from "./binaries";

export interface Pgbouncer {
  port: number;
  stop(): Promise<void>;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`pgbouncer exited with code ${child.exitCode}`);
    const open = await new Promise<boolean>((resolve) => {
      const socket = net.connect({ host: "127.0.0.1", port }, () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (open) return;
    if (Date.now() > deadline) throw new Error("pgbouncer did not start listening");
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startPgbouncer(opts: { upstreamHost: string; upstreamPort: number; database: string; user: string; password?: string; poolSize: number }): Promise<Pgbouncer> {
  const dir = mkdtempSync(path.join(os.tmpdir(), "airlock-bench-pgbouncer-"));
  const port = await freePort();
  const ini = path.join(dir, "pgbouncer.ini");
  writeFileSync(path.join(dir, "userlist.txt"), `"${opts.user}" ""\n`);
  writeFileSync(
    ini,
    [
      "[databases]",
      `bench = host=${opts.upstreamHost} port=${opts.upstreamPort} dbname=${opts.database} user=${opts.user}${opts.password ? ` password=${opts.password}` : ""}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      `unix_socket_dir = ${dir}`,
      "auth_type = trust",
      `auth_file = ${path.join(dir, "userlist.txt")}`,
      "pool_mode = session",
      `default_pool_size = ${opts.poolSize}`,
      "max_client_conn = 200",
      `logfile = ${path.join(dir, "pgbouncer.log")}`,
      `pidfile = ${path.join(dir, "pgbouncer.pid")}`,
      "",
    ].join("\n"),
  );
  let ids: { uid: number; gid: number } | undefined;
  if (process.getuid?.() === 0) {
    const id = (flag: string) => Number(execFileSync("id", [flag, "postgres"], { encoding: "utf8" }).trim());
    ids = { uid: id("-u"), gid: id("-g") };
    chmodSync(dir, 0o755);
    for (const file of ["", "pgbouncer.ini", "userlist.txt"]) chownSync(path.join(dir, file), ids.uid, ids.gid);
  }
  const child = spawn(findPgbouncer(), [ini], { stdio: "ignore", ...(ids ?? {}) });
  await waitForPort(port, child, 10_000);
  return {
    port,
    async stop() {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

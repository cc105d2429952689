import { connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listenOnLoopback } from "../http/loopback";
import { startTcpFaultProxy, type TcpFaultProxy } from "./tcp-fault-proxy";

let echoServer: Server;
let proxy: TcpFaultProxy;

/** Opens a connection through the proxy and resolves with the socket, or rejects on reset. */
function open(): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(proxy.port, proxy.host);
    socket.once("error", reject);
    socket.once("close", () => reject(new Error("closed before echo")));
    socket.once("data", (data) => (data.toString() === "ping" ? resolve(socket) : reject(new Error(`unexpected ${data.toString()}`))));
    socket.write("ping");
  });
}

function closedWithError(socket: Socket): Promise<boolean> {
  return new Promise((resolve) => {
    let failed = false;
    socket.on("error", () => (failed = true));
    socket.on("close", () => resolve(failed));
  });
}

beforeAll(async () => {
  // The echo side sees the resets too; they are the point of the test, not failures.
  echoServer = createServer((socket) => socket.on("error", () => undefined).pipe(socket));
  const port = await listenOnLoopback(echoServer);
  proxy = await startTcpFaultProxy({ target: { host: "127.0.0.1", port } });
});
afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => echoServer.close(resolve));
});

describe("TCP fault proxy", () => {
  it("forwards bytes both ways", async () => {
    const socket = await open();
    expect(proxy.activeConnections).toBe(1);
    socket.destroy();
  });

  it("cutAll resets every live connection", async () => {
    const first = await open();
    const second = await open();
    const closes = [closedWithError(first), closedWithError(second)];
    proxy.cutAll();
    expect(await Promise.all(closes)).toEqual([true, true]);
    expect(proxy.activeConnections).toBe(0);
  });

  it("refuses new connections while refusing, and accepts them again after", async () => {
    proxy.refuse(true);
    await expect(open()).rejects.toThrow();
    proxy.refuse(false);
    const socket = await open();
    socket.destroy();
  });
});

// The small request/response protocol between the bench runner and its child processes over
// Node's IPC channel: the child announces itself once ready, then answers numbered commands.

export interface ReadyMessage {
  type: "ready";
  ports: Record<string, number>;
}

export interface FailedMessage {
  type: "failed";
  message: string;
}

export interface CommandMessage {
  type: "command";
  id: number;
  name: string;
}

export interface ReplyMessage {
  type: "reply";
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

export type ChildMessage = ReadyMessage | FailedMessage | ReplyMessage;

type Handlers = Record<string, () => unknown>;

function send(message: ChildMessage, then?: () => void): void {
  process.send?.(message, undefined, undefined, then);
}

/**
 * In a child: announce the ports and serve the runner's commands. After answering "stop" the child
 * exits normally (so `--cpu-prof` writes its profile).
 */
export function serveCommands(ports: Record<string, number>, handlers: Handlers): void {
  if (!process.send) throw new Error("this entry point is started by the bench runner (it needs an IPC channel)");
  process.on("message", (raw: unknown) => {
    const message = raw as CommandMessage;
    if (message?.type !== "command") return;
    const handler = handlers[message.name];
    if (!handler) return send({ type: "reply", id: message.id, ok: false, error: `unknown command ${message.name}` });
    Promise.resolve()
      .then(handler)
      .then(
        (value) => send({ type: "reply", id: message.id, ok: true, value }, exitAfterStop),
        (error: unknown) => send({ type: "reply", id: message.id, ok: false, error: (error as Error)?.message ?? String(error) }, exitAfterStop),
      );
    function exitAfterStop(): void {
      if (message.name === "stop") process.exit(0);
    }
  });
  // The runner going away (crash, Ctrl-C) must not leave load-test servers behind.
  process.on("disconnect", () => process.exit(0));
  send({ type: "ready", ports });
}

/** In a child: report a start-up failure and exit. */
export function failStartup(error: unknown): never {
  send({ type: "failed", message: (error as Error)?.stack ?? String(error) });
  process.exit(1);
}

/** One V8 heap space as the gateway's `heap-spaces` command reports it. */
export interface HeapSpaceMB {
  space: string;
  sizeMB: number;
  usedMB: number;
}

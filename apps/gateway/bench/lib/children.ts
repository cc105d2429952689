// Starts the bench's servers (upstream, bare proxy, gateway) as child processes of their own, so
// each has its own event loop, RSS and CPU profile, and the runner's load generators never share a
// thread with what they measure.
import { spawn, type ChildProcess } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import type { ChildMessage, CommandMessage, ReadyMessage } from "./ipc";

export const BENCH_DIR = path.resolve(import.meta.dirname, "..");
export const GATEWAY_DIR = path.resolve(BENCH_DIR, "..");

export interface BenchChild {
  readonly name: string;
  readonly pid: number;
  readonly ports: Record<string, number>;
  command<T = unknown>(name: string, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop cleanly (it exits after answering); kills it if it does not. */
  stop(): Promise<void>;
  /** Resident set size in bytes of the child and its own children (cluster workers), read from /proc (Linux); undefined elsewhere. */
  rssBytes(): number | undefined;
  /** CPU time (user + system) used so far in ms by the child and its own children, read from /proc (Linux); undefined elsewhere. */
  cpuMs(): number | undefined;
  /** The last lines the child wrote to stderr, for error messages. */
  stderrTail(): string;
}

export interface SpawnOptions {
  env?: NodeJS.ProcessEnv;
  /** Extra node flags, e.g. --cpu-prof. */
  nodeArgs?: string[];
  readyTimeoutMs?: number;
}

export function readRssBytes(pid: number): number | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = /^VmRSS:\s+(\d+)\s+kB/m.exec(status)?.[1];
    return kb ? Number(kb) * 1024 : undefined;
  } catch {
    return undefined;
  }
}

// /proc/<pid>/stat counts CPU time in clock ticks; Linux uses 100 per second on every common build.
const CLOCK_TICKS_PER_SECOND = 100;

export function readCpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may contain spaces) start after the last ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const ticks = Number(fields[11]) + Number(fields[12]);
    return Number.isFinite(ticks) ? (ticks * 1000) / CLOCK_TICKS_PER_SECOND : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The process and all its descendants (a clustered gateway's workers), from
 * /proc/<pid>/task/<tid>/children (Linux). A process's own CPU counters in /proc do not include
 * its children until they have exited, so figures for a cluster must add them up.
 */
export function processTree(pid: number): number[] {
  const tree = [pid];
  for (let i = 0; i < tree.length; i++) {
    try {
      for (const task of readdirSync(`/proc/${tree[i]}/task`)) {
        const children = readFileSync(`/proc/${tree[i]}/task/${task}/children`, "utf8").trim();
        if (children) tree.push(...children.split(" ").map(Number));
      }
    } catch {
      // The process ended meanwhile, or this is not Linux.
    }
  }
  return tree;
}

function sumOverTree(pid: number, read: (pid: number) => number | undefined): number | undefined {
  const values = processTree(pid).map(read);
  if (values[0] === undefined) return undefined;
  return values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
}

/** The runner's environment minus Airlock's own settings: children get exactly what the bench sets. */
function inheritedEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([key]) => !key.startsWith("AIRLOCK_") && key !== "DATABASE_URL"));
}

/**
 * Runs a child with an IPC channel and waits until it reports ready: `entry` is either a built
 * .js file or the name of a `processes/<entry>.ts` file, run under tsx.
 */
export async function startChild(name: string, entry: string, options: SpawnOptions = {}): Promise<BenchChild> {
  const script = entry.endsWith(".js") ? [entry] : ["--import", "tsx", path.join(BENCH_DIR, "processes", `${entry}.ts`)];
  const child: ChildProcess = spawn(process.execPath, [...(options.nodeArgs ?? []), ...script], {
    cwd: GATEWAY_DIR,
    env: { ...inheritedEnv(), ...options.env },
    stdio: ["ignore", "ignore", "pipe", "ipc"],
  });
  let stderr = "";
  child.stderr?.on("data", (part: Buffer) => {
    stderr = (stderr + part.toString("utf8")).slice(-4000);
  });
  const pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();
  let nextId = 1;
  let exited = false;
  const exit = new Promise<void>((resolve) =>
    child.once("exit", () => {
      exited = true;
      for (const waiter of pending.values()) waiter.reject(new Error(`${name} exited: ${stderr.trim().split("\n").slice(-5).join("\n")}`));
      pending.clear();
      resolve();
    }),
  );

  const ready = await new Promise<ReadyMessage>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${name} did not start within ${options.readyTimeoutMs ?? 60_000} ms\n${stderr}`)), options.readyTimeoutMs ?? 60_000);
    child.on("message", (raw) => {
      const message = raw as ChildMessage;
      if (message.type === "ready") {
        clearTimeout(timer);
        resolve(message);
      } else if (message.type === "failed") {
        clearTimeout(timer);
        reject(new Error(`${name} failed to start: ${message.message}`));
      } else if (message.type === "reply") {
        const waiter = pending.get(message.id);
        pending.delete(message.id);
        if (message.ok) waiter?.resolve(message.value);
        else waiter?.reject(new Error(`${name}: ${message.error}`));
      }
    });
    void exit.then(() => {
      clearTimeout(timer);
      reject(new Error(`${name} exited before it was ready:\n${stderr}`));
    });
  });

  const command = <T>(commandName: string, timeoutMs = 60_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (exited) return reject(new Error(`${name} is not running`));
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`${name} did not answer "${commandName}" within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, {
        resolve: (value) => {
          clearTimeout(timer);
          resolve(value as T);
        },
        reject: (error) => {
          clearTimeout(timer);
          reject(error);
        },
      });
      child.send({ type: "command", id, name: commandName } satisfies CommandMessage);
    });

  return {
    name,
    pid: child.pid ?? -1,
    ports: ready.ports,
    command,
    async stop() {
      if (exited) return;
      await command("stop", 30_000).catch(() => child.kill("SIGKILL"));
      await Promise.race([exit, new Promise((resolve) => setTimeout(resolve, 10_000))]);
      if (!exited) child.kill("SIGKILL");
      await exit;
    },
    rssBytes: () => (child.pid ? sumOverTree(child.pid, readRssBytes) : undefined),
    cpuMs: () => (child.pid ? sumOverTree(child.pid, readCpuMs) : undefined),
    stderrTail: () => stderr,
  };
}

// The built gateway started as a child process (a cluster primary and its workers), with its JSON
// log lines collected as they come.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface LogLine {
  msg: string;
  replica: string;
  [field: string]: unknown;
}

export interface ClusterProcess {
  child: ChildProcess;
  lines: LogLine[];
  listening: LogLine;
  exit: Promise<number | null>;
}

export function startCluster(bundle: string, env: NodeJS.ProcessEnv): Promise<ClusterProcess> {
  const child = spawn(process.execPath, [bundle], { cwd: path.dirname(bundle), env: { PATH: process.env.PATH, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  const lines: LogLine[] = [];
  let output = "";
  let partial = "";
  const exit = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the gateway did not start:\n${output}`)), 60_000);
    child.stdout!.on("data", (data: Buffer) => {
      output += data;
      const parts = (partial + data.toString()).split("\n");
      partial = parts.pop() ?? "";
      for (const text of parts) {
        if (!text.startsWith("{")) continue;
        const line = JSON.parse(text) as LogLine;
        lines.push(line);
        if (line.msg === "gateway listening") {
          clearTimeout(timer);
          resolve({ child, lines, listening: line, exit });
        }
      }
    });
    child.stderr!.on("data", (data: Buffer) => (output += data));
    void exit.then((code) => reject(new Error(`the gateway exited (${code}) before listening:\n${output}`)));
  });
}

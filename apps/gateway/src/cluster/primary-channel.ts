// The IPC channel from one of our cluster workers to its primary; undefined in a single-process
// gateway (and in a worker of some other process manager's cluster), which then uses no IPC.
import cluster from "node:cluster";
import type { PrimaryChannel } from "../recorder/shared-idle-groups";
import { WORKER_INDEX_ENV } from "./messages";

export function primaryChannel(env: NodeJS.ProcessEnv = process.env): PrimaryChannel | undefined {
  if (!cluster.isWorker || env[WORKER_INDEX_ENV] === undefined || !process.send) return undefined;
  return {
    send(message) {
      // A worker whose primary is gone is about to stop; there is no one left to tell.
      if (process.connected) process.send!(message);
    },
    subscribe(handler) {
      process.on("message", handler);
    },
  };
}

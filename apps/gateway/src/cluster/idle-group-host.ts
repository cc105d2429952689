// The primary's side of idle grouping across workers: answers a worker's group-join with the
// group's session (IdleGroupTable) and takes in the workers' activity reports, so one caller's
// exchanges form one recorded session whichever worker serves them.
import type { Worker } from "node:cluster";
import { isMessage, type GroupActivityMessage, type GroupJoinMessage, type PrimaryMessage } from "./messages";
import { activityReportIntervalMs, IdleGroupTable } from "./idle-group-table";

export interface IdleGroupHost {
  /** Handles the message if it is about idle groups; true when it was. */
  handle(worker: Worker, raw: unknown): boolean;
  close(): void;
}

export function createIdleGroupHost(idleMs: number, clock: () => number = Date.now): IdleGroupHost {
  const table = new IdleGroupTable({ idleMs, clock });
  const timer = setInterval(() => table.expire(), activityReportIntervalMs(idleMs));
  timer.unref();
  return {
    handle(worker, raw) {
      if (isMessage<GroupJoinMessage>(raw, "airlock:group-join")) {
        const session = table.join(raw.group, raw.proposal);
        // A worker that died meanwhile has no channel left; it asked for nothing anyone waits for.
        if (worker.isConnected()) worker.send({ type: "airlock:group-session", id: raw.id, session } satisfies PrimaryMessage);
        return true;
      }
      if (isMessage<GroupActivityMessage>(raw, "airlock:group-activity")) {
        for (const seen of raw.seen) table.seen(seen.group, seen.session, seen.lastSeenMs);
        return true;
      }
      return false;
    },
    close: () => clearInterval(timer),
  };
}

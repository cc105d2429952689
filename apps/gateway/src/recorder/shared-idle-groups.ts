// A worker's client for the primary's idle-group table (cluster/idle-group-host.ts): with several
// worker processes, the session of an idle group is chosen by the primary, so one caller's
// exchanges form one recorded session whichever worker serves them. The directory asks only when
// it holds no live session for the group (no IPC on the hot path); activity goes to the primary in
// batches, one message per report interval at most.
import type { Logger } from "pino";
import { activityReportIntervalMs, type GroupSession } from "../cluster/idle-group-table";
import { primaryChannel } from "../cluster/primary-channel";
import { isMessage, type GroupActivity, type GroupSessionMessage, type WorkerMessage } from "../cluster/messages";

/** The IPC channel to the primary (process.send / process.on("message") in a cluster worker). */
export interface PrimaryChannel {
  send(message: WorkerMessage): void;
  subscribe(handler: (raw: unknown) => void): void;
}

export interface SharedIdleGroupsOptions {
  channel: PrimaryChannel;
  idleMs: number;
  logger: Logger;
  /** Bound on the primary's answer; past it the worker records into its own session. */
  joinTimeoutMs?: number;
  clock?: () => number;
}

const JOIN_TIMEOUT_MS = 1_000;

export class SharedIdleGroups {
  private readonly waiting = new Map<number, (session: GroupSession) => void>();
  private nextId = 1;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly o: SharedIdleGroupsOptions) {
    o.channel.subscribe((raw) => {
      if (isMessage<GroupSessionMessage>(raw, "airlock:group-session")) this.waiting.get(raw.id)?.(raw.session);
    });
  }

  /** The group's session according to the primary, or `proposal` when it does not answer in time. */
  join(group: string, proposal: GroupSession): Promise<GroupSession> {
    const timeoutMs = this.o.joinTimeoutMs ?? JOIN_TIMEOUT_MS;
    return new Promise((resolve) => {
      const id = this.nextId++;
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        // Recording must not stall: this worker records into a session of its own, which its
        // activity reports offer to the primary (adopted if the group has none by then).
        this.o.logger.warn({ timeoutMs }, "recorder: the cluster primary did not say which session this caller's exchanges belong to; starting one on this worker");
        resolve(proposal);
      }, timeoutMs);
      this.waiting.set(id, (session) => {
        this.waiting.delete(id);
        clearTimeout(timer);
        resolve(session);
      });
      this.o.channel.send({ type: "airlock:group-join", id, group, proposal });
    });
  }

  /** Every report interval, sends what `collect` says was used since the previous report. */
  startReporting(collect: (sinceMs: number, nowMs: number) => GroupActivity[]): void {
    const clock = this.o.clock ?? Date.now;
    let since = clock();
    this.timer = setInterval(() => {
      const now = clock();
      const seen = collect(since, now);
      since = now;
      if (seen.length > 0) this.o.channel.send({ type: "airlock:group-activity", seen });
    }, activityReportIntervalMs(this.o.idleMs));
    // Background work must not keep the process alive; shutdown goes through close().
    this.timer.unref();
  }

  close(): void {
    clearInterval(this.timer);
  }
}

/** The client in one of our cluster workers; undefined in a single-process gateway. */
export function sharedIdleGroups(idleMs: number, logger: Logger): SharedIdleGroups | undefined {
  const channel = primaryChannel();
  return channel && new SharedIdleGroups({ channel, idleMs, logger });
}

// Messages between the cluster primary and its workers over Node's IPC channel. prom-client's own
// metrics requests travel on the same channel; every message here carries an "airlock:" type.
import type { GroupSession } from "./idle-group-table";

/** Worker → primary, once its listeners are up. */
export interface ListeningMessage {
  type: "airlock:listening";
  httpPort: number;
  pgPort: number;
}

/** Primary → worker: stop accepting, finish in-flight exchanges, flush the recorder, exit. */
export interface ShutdownMessage {
  type: "airlock:shutdown";
}

/** Primary → worker: a numbered question the worker answers with an AnswerMessage. */
export interface AskMessage {
  type: "airlock:ask";
  id: number;
  question: string;
}

export interface AnswerMessage {
  type: "airlock:answer";
  id: number;
  ok: boolean;
  value?: unknown;
  error?: string;
}

/** Worker → primary: which session should this idle group use? `proposal` is the worker's fresh one. */
export interface GroupJoinMessage {
  type: "airlock:group-join";
  id: number;
  group: string;
  proposal: GroupSession;
}

/** Primary → worker: the answer to a GroupJoinMessage. */
export interface GroupSessionMessage {
  type: "airlock:group-session";
  id: number;
  session: GroupSession;
}

/** Worker → primary, every report interval: the idle groups it used since the last report. */
export interface GroupActivityMessage {
  type: "airlock:group-activity";
  seen: GroupActivity[];
}

export interface GroupActivity {
  group: string;
  session: GroupSession;
  lastSeenMs: number;
}

export type PrimaryMessage = ShutdownMessage | AskMessage | GroupSessionMessage;
export type WorkerMessage = ListeningMessage | AnswerMessage | GroupJoinMessage | GroupActivityMessage;

/** Environment variable the primary sets on each worker: its stable number, 1 … AIRLOCK_WORKERS. */
export const WORKER_INDEX_ENV = "AIRLOCK_WORKER_INDEX";

export function isMessage<T extends { type: string }>(raw: unknown, type: T["type"]): raw is T {
  return typeof raw === "object" && raw !== null && (raw as { type?: unknown }).type === type;
}

// Idle grouping in cluster workers, in process: two workers' session directories talk to one
// primary host over a fake IPC channel. A caller gets one session whichever worker serves it, the
// joining worker queues the same session row (so its events never wait for the other worker's
// batch), activity reports keep a busy group alive, and a silent primary never stalls recording.
import type { Worker } from "node:cluster";
import { setTimeout as sleep } from "node:timers/promises";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import type { Db } from "@airlock/db";
import { createIdleGroupHost, type IdleGroupHost } from "../src/cluster/idle-group-host";
import type { Identity } from "../src/identity";
import type { RecorderRecord, SessionRecord } from "../src/recorder/records";
import { SessionDirectory } from "../src/recorder/session-directory";
import { SharedIdleGroups, type PrimaryChannel } from "../src/recorder/shared-idle-groups";
import type { SessionKey } from "../src/recorder/types";
import { LogCapture } from "./helpers/log-capture";

const IDLE_MS = 400;
const silent = pino({ level: "silent" });

function keyFor(name: string): SessionKey {
  const identity: Identity = { kind: "service_account", id: `sa-${name}`, label: name, via: "api_key", keyConnectionIds: [] };
  return { protocol: "http", connectionId: "conn-1", connectionName: "openai-prod", identity };
}

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

/** A worker's directory whose channel reaches `host` asynchronously, as IPC does; `reachable` false drops its messages. */
function workerDirectory(host: IdleGroupHost | null, logger = silent, joinTimeoutMs?: number) {
  const records: RecorderRecord[] = [];
  let deliver: (raw: unknown) => void = () => undefined;
  const asWorker = { isConnected: () => true, send: (message: unknown) => setImmediate(() => deliver(message)) } as unknown as Worker;
  const channel: PrimaryChannel = {
    send: (message) => setImmediate(() => host?.handle(asWorker, message)),
    subscribe: (handler) => (deliver = handler),
  };
  const directory = new SessionDirectory({
    db: {} as Db,
    idleMs: IDLE_MS,
    lookupTimeoutMs: 1_000,
    clock: Date.now,
    logger,
    enqueue: (record) => records.push(record),
    databaseReachable: () => true,
    hashKey: Buffer.alloc(32, 7),
    sealIntervalMs: 60_000,
    sharedGroups: new SharedIdleGroups({ channel, idleMs: IDLE_MS, logger, joinTimeoutMs }),
  });
  cleanups.push(() => directory.closeAll());
  const sessionRows = () => records.filter((r): r is SessionRecord => r.kind === "session");
  return { directory, sessionRows };
}

function primaryHost(): IdleGroupHost {
  const host = createIdleGroupHost(IDLE_MS);
  cleanups.push(() => host.close());
  return host;
}

describe("idle grouping shared by cluster workers", () => {
  it("gives one caller the same session on every worker, and the joining worker queues the same row", async () => {
    const host = primaryHost();
    const a = workerDirectory(host);
    const b = workerDirectory(host);
    const first = await a.directory.open(keyFor("alice"));
    const joined = await b.directory.open(keyFor("alice"));
    expect(first.created).toBe(true);
    expect(joined.created).toBe(false);
    expect(joined.session.id).toBe(first.session.id);
    expect(joined.session.startedAtMs).toBe(first.session.startedAtMs);
    // Written with ON CONFLICT DO NOTHING: whichever worker's batch comes first creates the row.
    expect(b.sessionRows()).toEqual(a.sessionRows());

    const other = await b.directory.open(keyFor("bob"));
    expect(other.created).toBe(true);
    expect(other.session.id).not.toBe(first.session.id);
  });

  it("asks the primary once per group, not per exchange", async () => {
    const host = primaryHost();
    const asked: unknown[] = [];
    const counting: IdleGroupHost = { handle: (worker, raw) => (asked.push(raw), host.handle(worker, raw)), close: () => host.close() };
    const a = workerDirectory(counting);
    const opened = await Promise.all([1, 2, 3].map(() => a.directory.open(keyFor("alice"))));
    await a.directory.open(keyFor("alice"));
    expect(new Set(opened.map((o) => o.session.id)).size).toBe(1);
    expect(opened.filter((o) => o.created)).toHaveLength(1);
    expect(asked.filter((m) => (m as { type: string }).type === "airlock:group-join")).toHaveLength(1);
  });

  it("keeps a group alive on the primary while another worker has an exchange in flight", async () => {
    const host = primaryHost();
    const a = workerDirectory(host);
    const b = workerDirectory(host);
    const busy = await a.directory.open(keyFor("alice"));
    busy.session.openChains = 1;
    await sleep(IDLE_MS * 3);
    const joined = await b.directory.open(keyFor("alice"));
    expect(joined.session.id).toBe(busy.session.id);
    expect(joined.created).toBe(false);
  });

  it("starts a new session once the group has been idle on every worker", async () => {
    const host = primaryHost();
    const a = workerDirectory(host);
    const b = workerDirectory(host);
    const first = await a.directory.open(keyFor("alice"));
    await sleep(IDLE_MS * 3);
    const later = await b.directory.open(keyFor("alice"));
    expect(later.created).toBe(true);
    expect(later.session.id).not.toBe(first.session.id);
  });

  it("records into a session of its own, with a warning, when the primary does not answer", async () => {
    const logs = new LogCapture();
    const a = workerDirectory(null, pino({ level: "warn" }, logs), 50);
    const opened = await a.directory.open(keyFor("alice"));
    expect(opened.created).toBe(true);
    expect(a.sessionRows().map((r) => r.id)).toEqual([opened.session.id]);
    expect(logs.text).toContain("the cluster primary did not say which session");
  });
});

// The main thread's side of the recorder's writer thread (worker.ts): a DbWriter whose writes run
// there. A thread that fails or stops takes its writes with it as failures, which the pipeline
// spools and retries like any failed write; the next write starts a new thread. A write the thread
// does not answer within the write bound (plus a grace for the thread's own timeout to report
// first) fails too, and the thread is replaced: the batch statements are idempotent, so a batch
// that did commit is harmless to write again.
import { Worker } from "node:worker_threads";
import type { DbWriter, WriterLog } from "../db-writer";
import { WriteTimeoutError } from "../db-writer";
import type { RecorderRecord } from "../records";
import type { FromWriterThread, ToWriterThread, WriterThreadData } from "./protocol";
import { rebuildError } from "./protocol";

export interface ThreadWriterOptions extends WriterThreadData {
  logger: WriterLog & { error(fields: object, message: string): void };
  /** The thread's script; tests run a scripted one. Default: the writer (worker.ts). */
  entry?: URL;
}

/** Instead of V8's default of up to 48 MB; see resourceLimits below. */
const WRITER_YOUNG_GENERATION_MB = 8;

/** How much longer than its own bound a write may take before the thread counts as stuck. */
const STUCK_GRACE_MS = 1_000;

interface Waiting {
  thread: Worker;
  resolve: () => void;
  reject: (error: Error) => void;
  timer?: NodeJS.Timeout;
}

/** The thread's entry: the bundle's own file beside this chunk, or the TypeScript source through tsx. */
function writerScript(): URL {
  return import.meta.url.endsWith(".ts") ? new URL("./run-typescript.mjs", import.meta.url) : new URL("./recorder-writer.js", import.meta.url);
}

/** How long start-up waits for the first thread to load before the gateway refuses to start. */
const START_TIMEOUT_MS = 15_000;

/**
 * Starts the writer thread and resolves once it is ready. A thread that cannot start (a build
 * without its script, say) stops the gateway here, instead of every batch going to the spool.
 */
export async function startThreadWriter(options: ThreadWriterOptions): Promise<DbWriter> {
  const writer = createThreadWriter(options);
  await writer.ready;
  return writer;
}

function createThreadWriter(options: ThreadWriterOptions): DbWriter & { ready: Promise<void> } {
  const { logger, entry: script = writerScript(), ...data } = options;
  const waiting = new Map<number, Waiting>();
  let nextId = 1;
  let thread: Worker | undefined;

  function settle(id: number, error?: Error): void {
    const waiter = waiting.get(id);
    if (!waiter) return;
    waiting.delete(id);
    clearTimeout(waiter.timer);
    // The thread keeps the process alive only while a write is in flight, as an idle pool would not.
    if (![...waiting.values()].some((other) => other.thread === waiter.thread)) waiter.thread.unref();
    if (error) waiter.reject(error);
    else waiter.resolve();
  }

  function failAll(of: Worker, error: Error): void {
    for (const [id, waiter] of [...waiting]) if (waiter.thread === of) settle(id, error);
  }

  function onMessage(message: FromWriterThread): void {
    if (message.type === "ready") return;
    if (message.type === "log") logger[message.level](message.fields, message.message);
    else if (message.type === "failed") settle(message.id, rebuildError(message.error));
    else settle(message.id);
  }

  function start(): Worker {
    const started = new Worker(script, {
      workerData: data satisfies WriterThreadData,
      // A batch's garbage is short-lived and mostly large strings (kept outside the young
      // generation anyway): a small young generation keeps the thread's resident memory small.
      resourceLimits: { maxYoungGenerationSizeMb: WRITER_YOUNG_GENERATION_MB },
    });
    started.unref();
    started.on("message", onMessage);
    started.on("error", (error) => {
      logger.error({ err: error.message }, "recorder: the database writer thread failed; its batches go to the spool and a new thread takes over");
    });
    started.on("exit", (code) => {
      if (thread === started) thread = undefined;
      failAll(started, new Error(`the recorder's database writer thread stopped (exit code ${code})`));
    });
    return started;
  }

  function send(message: ToWriterThread, boundMs: number): Promise<void> {
    thread ??= start();
    const current = thread;
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiting = { thread: current, resolve, reject };
      waiter.timer = setTimeout(() => {
        settle(message.id, new WriteTimeoutError(boundMs));
        // A thread that does not answer is replaced; whatever it was doing rolls back with its connection.
        if (thread === current) thread = undefined;
        void current.terminate();
      }, boundMs + STUCK_GRACE_MS);
      waiting.set(message.id, waiter);
      current.ref();
      try {
        current.postMessage(message);
      } catch (error) {
        settle(message.id, error instanceof Error ? error : new Error(String(error)));
      }
    });
  }

  const first = start();
  thread = first;
  const ready = new Promise<void>((resolve, reject) => {
    // Only start-up's outcome is decided here; what the thread does later is start()'s to handle.
    let starting = true;
    const fail = (reason: string) => {
      if (!starting) return;
      starting = false;
      clearTimeout(timer);
      void first.terminate();
      reject(new Error(`the recorder's database writer thread could not start (${reason}); AIRLOCK_RECORDER_WRITER_THREAD=false writes from the main thread instead`));
    };
    const timer = setTimeout(() => fail(`not ready after ${START_TIMEOUT_MS} ms`), START_TIMEOUT_MS);
    first.on("message", (message: FromWriterThread) => {
      if (message.type !== "ready" || !starting) return;
      starting = false;
      clearTimeout(timer);
      resolve();
    });
    first.once("error", (error) => fail(error.message));
    first.once("exit", (code) => fail(`it exited with code ${code}`));
  });
  // Settled either way by start-up; a rejection is startThreadWriter's to report.
  ready.catch(() => undefined);

  return {
    ready,
    write: (records: readonly RecorderRecord[]) => send({ type: "write", id: nextId++, records }, data.timeoutMs),
    async close() {
      const current = thread;
      if (!current) return;
      try {
        await send({ type: "close", id: nextId++ }, data.timeoutMs);
      } catch {
        // Stuck or already gone: terminating below ends it either way.
      }
      thread = undefined;
      await current.terminate();
    },
  };
}

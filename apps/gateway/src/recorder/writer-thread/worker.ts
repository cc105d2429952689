// The recorder's writer thread: turns batches into SQL and talks to PostgreSQL, so that neither
// the batch's parameters (every payload, as one JSON text), node-postgres's serialisation and
// parsing, nor the garbage they leave take turns on the event loop that serves requests. The
// pipeline (queue, spool, retries) stays on the main thread; this thread only writes.
import { parentPort, workerData } from "node:worker_threads";
import { createDbWriter } from "../db-writer";
import type { FromWriterThread, ToWriterThread, WriterLogLevel, WriterThreadData } from "./protocol";
import { crossError } from "./protocol";

const port = parentPort;
if (!port) throw new Error("the recorder's writer must run in a worker thread");
const data = workerData as WriterThreadData;
const post = (message: FromWriterThread) => port.postMessage(message);
const log = (level: WriterLogLevel) => (fields: object, message: string) => post({ type: "log", level, fields: { ...fields }, message });

const writer = createDbWriter({ ...data, logger: { debug: log("debug"), warn: log("warn") } });

port.on("message", (message: ToWriterThread) => {
  if (message.type === "write") {
    writer.write(message.records).then(
      () => post({ type: "written", id: message.id }),
      (error: unknown) => post({ type: "failed", id: message.id, error: crossError(error) }),
    );
  } else {
    writer
      .close()
      .catch(() => undefined)
      .finally(() => {
        post({ type: "closed", id: message.id });
        port.close();
      });
  }
});
post({ type: "ready" });

// The main thread's side of the recorder's writer thread, against a scripted thread (no database):
// failures keep what the pipeline sorts them by, a thread that stops or hangs fails its writes and
// is replaced, and the thread's log lines reach the main logger. The real thread is what every
// other recorder test writes through (AIRLOCK_RECORDER_WRITER_THREAD defaults to true).
import { describe, expect, it } from "vitest";
import type { RecorderRecord } from "../src/recorder/records";
import { isUnstorableDataError } from "../src/recorder/write-errors";
import { WriteTimeoutError } from "../src/recorder/db-writer";
import { startThreadWriter } from "../src/recorder/writer-thread/thread-writer";
import { crossError, rebuildError } from "../src/recorder/writer-thread/protocol";

const SCRIPT = new URL("./fixtures/scripted-writer-thread.mjs", import.meta.url);

function batch(sessionId: string): RecorderRecord[] {
  return [{ kind: "flags", sessionId, hasBlock: true }];
}

function captureLogger() {
  const lines: { level: string; fields: object; message: string }[] = [];
  const at = (level: string) => (fields: object, message: string) => lines.push({ level, fields, message });
  return { lines, logger: { debug: at("debug"), warn: at("warn"), error: at("error") } };
}

async function writer(timeoutMs = 5_000, entry = SCRIPT) {
  const { lines, logger } = captureLogger();
  const threadWriter = await startThreadWriter({ connectionString: "postgresql://unused", timeoutMs, firstSeq: 1, searchTextMax: 100, logger, entry });
  return { lines, threadWriter };
}

describe("the recorder's writer thread", () => {
  it("answers each write, in order", async () => {
    const { threadWriter } = await writer();
    await expect(Promise.all([threadWriter.write(batch("a")), threadWriter.write(batch("b")), threadWriter.write(batch("c"))])).resolves.toEqual([undefined, undefined, undefined]);
    await threadWriter.close();
  });

  it("hands a refused batch back with its SQLSTATE, so the pipeline sets its records aside instead of retrying forever", async () => {
    const { threadWriter } = await writer();
    const failure = await threadWriter.write(batch("refuse")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect((failure as Error).message).toBe("value too long");
    expect(isUnstorableDataError(failure)).toBe(true);
    await threadWriter.write(batch("fine"));
    await threadWriter.close();
  });

  it("fails the writes of a thread that stops, and writes the next batch on a new thread", async () => {
    const { threadWriter } = await writer();
    await expect(threadWriter.write(batch("exit"))).rejects.toThrow("writer thread stopped (exit code 3)");
    await expect(threadWriter.write(batch("after"))).resolves.toBeUndefined();
    await threadWriter.close();
  });

  it("gives up on a thread that does not answer within the write bound, and replaces it", async () => {
    const { threadWriter } = await writer(200);
    const started = Date.now();
    const failure = await threadWriter.write(batch("hang")).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(WriteTimeoutError);
    // The bound plus the grace that lets the thread's own timeout report first.
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_150);
    await expect(threadWriter.write(batch("after"))).resolves.toBeUndefined();
    await threadWriter.close();
  });

  it("logs the thread's warnings through the main logger", async () => {
    const { threadWriter, lines } = await writer();
    await threadWriter.write(batch("log"));
    expect(lines).toContainEqual({ level: "warn", fields: { detail: "from the thread" }, message: "scripted warning" });
    await threadWriter.close();
  });

  it("stops start-up with a clear message when the thread cannot start", async () => {
    const missing = new URL("./fixtures/no-such-writer.mjs", import.meta.url);
    await expect(writer(1_000, missing)).rejects.toThrow(
      /writer thread could not start \(.*no-such-writer\.mjs.*\); AIRLOCK_RECORDER_WRITER_THREAD=false/,
    );
  });

  it("closing twice is harmless", async () => {
    const { threadWriter } = await writer();
    await threadWriter.close();
    await threadWriter.close();
  });
});

describe("errors crossing between threads", () => {
  it("keep their name, message, SQLSTATE and the errors of a failed connect", () => {
    const refused = Object.assign(new Error("connect ECONNREFUSED 127.0.0.1:1"), { code: "ECONNREFUSED" });
    const aggregate = Object.assign(new AggregateError([refused], ""), { code: "ECONNREFUSED" });
    const rebuilt = rebuildError(structuredClone(crossError(aggregate))) as Error & { code?: string; errors?: (Error & { code?: string })[] };
    expect(rebuilt.name).toBe("AggregateError");
    expect(rebuilt.code).toBe("ECONNREFUSED");
    expect(rebuilt.errors?.[0]?.message).toBe("connect ECONNREFUSED 127.0.0.1:1");
    expect(rebuilt.errors?.[0]?.code).toBe("ECONNREFUSED");
  });

  it("turn anything thrown into a message", () => {
    expect(rebuildError(crossError("plain text")).message).toBe("plain text");
    expect(rebuildError(crossError(undefined)).message).toBe("undefined");
  });
});

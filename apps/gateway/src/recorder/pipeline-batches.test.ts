import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { noMetrics } from "./metrics";
import { RecordPipeline } from "./pipeline";
import { recordBytes, type EventRecord, type RecorderRecord } from "./records";
import { Spool } from "./spool";

const logger = pino({ level: "silent" });
const folders: string[] = [];
afterEach(async () => {
  for (const dir of folders.splice(0)) await rm(dir, { recursive: true, force: true });
});

function event(seq: number, payloadChars: number): EventRecord {
  return {
    kind: "event",
    sessionId: "s1",
    chainId: "c1",
    seq,
    at: "2026-11-22T10:00:00.000Z",
    offsetMs: seq,
    type: "exchange.end",
    payloadJson: JSON.stringify({ text: "x".repeat(payloadChars) }),
    prevHash: "p",
    hash: "h",
  };
}

/** A pipeline whose writes only note which records each batch held. */
async function pipelineWriting(batchSize: number, batchMaxBytes: number) {
  const dir = await mkdtemp(join(tmpdir(), "airlock-pipeline-test-"));
  folders.push(dir);
  const spool = await Spool.open({ dir, maxBytes: 64 * 1024 * 1024, logger });
  const batches: RecorderRecord[][] = [];
  const pipeline = new RecordPipeline({
    spool,
    write: async (records) => {
      batches.push([...records]);
    },
    batchSize,
    batchMaxBytes,
    queueMax: 10_000,
    queueMaxBytes: 1024 * 1024 * 1024,
    flushMs: 10,
    retry: { initialMs: 10, maxMs: 100 },
    logger,
    metrics: noMetrics,
  });
  return { pipeline, batches };
}

const seqs = (batches: RecorderRecord[][]) => batches.map((batch) => batch.map((record) => (record as EventRecord).seq));

describe("record batches", () => {
  it("holds at most the batch byte bound, in order, and nothing is left out", async () => {
    const { pipeline, batches } = await pipelineWriting(500, 1024 * 1024);
    const records = Array.from({ length: 40 }, (_, i) => event(i + 1, 100 * 1024));
    for (const record of records) pipeline.enqueue(record);
    await pipeline.flush({ timeoutMs: 5_000 });

    // ~200 KB each by recordBytes: five to a 1 MB batch, where the count bound alone would allow all 40.
    expect(recordBytes(records[0]!)).toBeGreaterThan(200 * 1024);
    expect(batches.length).toBeGreaterThanOrEqual(8);
    for (const batch of batches) expect(batch.reduce((sum, record) => sum + recordBytes(record), 0)).toBeLessThanOrEqual(1024 * 1024);
    expect(seqs(batches).flat()).toEqual(records.map((r) => r.seq));
  });

  it("writes a record larger than the bound in a batch of its own", async () => {
    const { pipeline, batches } = await pipelineWriting(500, 64 * 1024);
    for (const record of [event(1, 10), event(2, 100 * 1024), event(3, 10)]) pipeline.enqueue(record);
    await pipeline.flush({ timeoutMs: 5_000 });
    expect(seqs(batches)).toEqual([[1], [2], [3]]);
  });

  it("still counts records: small ones go up to the batch size", async () => {
    const { pipeline, batches } = await pipelineWriting(4, 1024 * 1024);
    for (let i = 1; i <= 10; i++) pipeline.enqueue(event(i, 10));
    await pipeline.flush({ timeoutMs: 5_000 });
    expect(batches.every((batch) => batch.length <= 4)).toBe(true);
    expect(seqs(batches).flat()).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });
});

// The writer loop: records leave memory in order, in batches, for PostgreSQL, or for the spool
// when PostgreSQL is slow or down (or the queue has grown past its bound); the spool is replayed,
// oldest first, once PostgreSQL answers again. Strict first-in, first-out order everywhere, because a
// session row must be stored before anything that refers to it. Exactly one pass of the loop
// runs at a time, so memory and the spool are never touched concurrently.
import type { Logger } from "pino";
import { describeDbError } from "@airlock/db";
import type { RecorderMetrics } from "./metrics";
import { countEvents, recordBytes, sumRecordBytes, type RecorderRecord } from "./records";
import { SpoolFullError, type Spool } from "./spool";
import { isUnstorableDataError } from "./write-errors";

export class RecorderFlushError extends Error {
  override readonly name = "RecorderFlushError";
}

export interface PipelineOptions {
  spool: Spool;
  /** Writes one batch to PostgreSQL in one transaction, idempotently; rejects on failure or timeout. */
  write: (records: readonly RecorderRecord[]) => Promise<void>;
  batchSize: number;
  /**
   * And at most about this many bytes (recordBytes) a batch, but for a record larger on its own: a
   * batch is copied several times on its way to PostgreSQL (to the writer thread, into one SQL
   * parameter, into the driver's buffer), and large transient copies leave the heap and the
   * allocator grown long after.
   */
  batchMaxBytes: number;
  /** Beyond this many records in memory, batches go to the spool even while PostgreSQL is up. */
  queueMax: number;
  /** The same bound in bytes (recordBytes), so large payloads cannot fill the heap first. */
  queueMaxBytes: number;
  flushMs: number;
  /** Backoff between attempts while PostgreSQL is failing. */
  retry: { initialMs: number; maxMs: number };
  logger: Logger;
  metrics: RecorderMetrics;
}

export interface FlushOptions {
  timeoutMs: number;
  /** Stop waiting as soon as a write fails (used at shutdown: whatever is left stays in the spool). */
  giveUpWhenDbDown?: boolean;
}

interface Waiter {
  target: number;
  giveUpWhenDbDown: boolean;
  resolve(): void;
  reject(error: Error): void;
}

export class RecordPipeline {
  private readonly memory: RecorderRecord[] = [];
  /** recordBytes of everything in `memory`. */
  private memoryBytes = 0;
  /** Records ever handed to the pipeline (including a spool left by an earlier run)... */
  private enqueued: number;
  /** ...and how many of them are in PostgreSQL or set aside; FIFO order makes this a watermark. */
  private settled = 0;
  private pumping: Promise<void> | null = null;
  private pumpAgain = false;
  private timer: NodeJS.Timeout | null = null;
  private timerDue = Number.POSITIVE_INFINITY;
  private dbDown = false;
  private lastDbError: unknown = null;
  private retryAt = 0;
  private backoffMs: number;
  private spoolError: unknown = null;
  private spoolFull = false;
  private stopped = false;
  private readonly waiters = new Set<Waiter>();

  constructor(private readonly o: PipelineOptions) {
    this.enqueued = o.spool.pendingRecords;
    this.backoffMs = o.retry.initialMs;
    if (o.spool.hasData) this.schedule(0);
  }

  /**
   * False when new traffic must be refused: the queue is at its bound and the spool is full, or
   * the spool cannot be written at all while PostgreSQL is unavailable.
   */
  get accepting(): boolean {
    return this.spoolError === null && !(this.spoolFull && this.queueFull);
  }

  /** False after a failed write, until a write succeeds again. */
  get databaseReachable(): boolean {
    return !this.dbDown;
  }

  get queueDepth(): number {
    return this.memory.length;
  }

  /** Bytes held by the in-memory queue (an estimate, see recordBytes). */
  get queueBytes(): number {
    return this.memoryBytes;
  }

  private get queueFull(): boolean {
    return this.memory.length >= this.o.queueMax || this.memoryBytes >= this.o.queueMaxBytes;
  }

  /** Records not yet in PostgreSQL: in memory or in the spool. */
  pending(): number {
    return this.memory.length + this.o.spool.pendingRecords;
  }

  /** Never throws and never waits: the record is written in the background. */
  enqueue(record: RecorderRecord): void {
    if (this.stopped) {
      this.o.logger.error({ record: describeRecord(record) }, "recorder: record appended after the recorder was closed; it is not recorded");
      return;
    }
    this.memory.push(record);
    this.memoryBytes += recordBytes(record);
    this.enqueued++;
    this.schedule(this.memory.length >= this.o.batchSize || this.memoryBytes >= this.o.batchMaxBytes ? 0 : this.o.flushMs);
  }

  /** Resolves once everything enqueued before the call is in PostgreSQL; rejects with RecorderFlushError. */
  flush(options: FlushOptions): Promise<void> {
    const target = this.enqueued;
    if (this.settled >= target) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const waiter: Waiter = {
        target,
        giveUpWhenDbDown: options.giveUpWhenDbDown === true,
        resolve: () => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve();
        },
        reject: (error) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          reject(error);
        },
      };
      const timer = setTimeout(() => waiter.reject(this.flushError(`after waiting ${options.timeoutMs} ms`)), options.timeoutMs);
      this.waiters.add(waiter);
      // Somebody is waiting: try PostgreSQL now instead of at the end of the current backoff.
      this.retryAt = 0;
      void this.pump();
    });
  }

  /** Flushes what it can within the bound, then moves whatever is still in memory to the spool. */
  async shutdown(timeoutMs: number): Promise<void> {
    try {
      await this.flush({ timeoutMs, giveUpWhenDbDown: true });
    } catch (error) {
      this.o.logger.warn({ err: (error as Error).message }, "recorder: closing before everything reached PostgreSQL; the rest stays in the spool");
    }
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    await this.pumping;
    while (this.memory.length > 0 && (await this.spoolFromMemory())) {
      // moved one batch
    }
    if (this.memory.length > 0) {
      this.o.logger.error(
        { records: this.memory.length, err: String(this.spoolError ?? "spool full") },
        "recorder: CLOSING WITH RECORDS THAT COULD BE WRITTEN NEITHER TO POSTGRESQL NOR TO THE SPOOL: THEY ARE LOST",
      );
    }
    for (const waiter of this.waiters) waiter.reject(this.flushError("because the recorder was closed"));
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    const due = Date.now() + delayMs;
    if (this.timer && this.timerDue <= due) return;
    if (this.timer) clearTimeout(this.timer);
    this.timerDue = due;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.timerDue = Number.POSITIVE_INFINITY;
      void this.pump();
    }, delayMs);
    // Background work must not keep the process alive; shutdown goes through close().
    this.timer.unref();
  }

  private pump(): Promise<void> {
    if (this.pumping) {
      this.pumpAgain = true;
      return this.pumping;
    }
    this.pumping = (async () => {
      do {
        this.pumpAgain = false;
        await this.pumpUntilStuck();
      } while (this.pumpAgain);
    })()
      .catch((error: unknown) => this.o.logger.error({ err: error }, "recorder: unexpected error in the writer loop"))
      .finally(() => {
        this.pumping = null;
        this.scheduleLeftovers();
      });
    return this.pumping;
  }

  private async pumpUntilStuck(): Promise<void> {
    for (;;) {
      let moved = false;
      if (this.o.spool.hasData && Date.now() >= this.retryAt) moved = await this.replayOne();
      if (this.memory.length > 0) moved = (await this.moveFromMemory()) || moved;
      if (!moved) return;
    }
  }

  private scheduleLeftovers(): void {
    if (this.memory.length === 0 && !this.o.spool.hasData) return;
    this.schedule(Math.max(this.o.flushMs, this.retryAt - Date.now()));
  }

  private async replayOne(): Promise<boolean> {
    let batches;
    try {
      batches = await this.o.spool.peek(this.o.batchSize);
    } catch (error) {
      this.o.logger.error({ err: error }, "recorder: cannot read the spool; will retry");
      this.backOff();
      return false;
    }
    if (batches.length === 0) return false;
    const records = batches.flatMap((b) => b.records);
    if (!(await this.store(records, "spool"))) return false;
    try {
      await this.o.spool.ack(batches);
    } catch (error) {
      // The records are in PostgreSQL; at worst their segment is replayed again after a restart.
      this.o.logger.warn({ err: error }, "recorder: could not remove a replayed spool segment");
    }
    this.spoolFull = false;
    this.settle(records.length);
    return true;
  }

  private async moveFromMemory(): Promise<boolean> {
    const batch = this.nextBatch();
    const direct = !this.o.spool.hasData && !this.queueFull && (!this.dbDown || Date.now() >= this.retryAt);
    if (direct && (await this.store(batch, "queue"))) {
      this.takeFromMemory(batch);
      this.spoolError = null;
      this.spoolFull = false;
      this.settle(batch.length);
      return true;
    }
    return this.spoolFromMemory();
  }

  private async spoolFromMemory(): Promise<boolean> {
    const batch = this.nextBatch();
    try {
      await this.o.spool.append(batch);
    } catch (error) {
      if (error instanceof SpoolFullError) {
        if (!this.spoolFull) {
          this.o.logger.error({ err: error.message }, "recorder: the spool is full; new traffic is refused once the in-memory queue is full too");
        }
        this.spoolFull = true;
      } else {
        if (this.spoolError === null) {
          this.o.logger.error({ err: error }, "recorder: CANNOT WRITE THE SPOOL while PostgreSQL is unavailable; keeping records in memory and refusing new traffic");
        }
        this.spoolError = error;
      }
      return false;
    }
    this.takeFromMemory(batch);
    if (this.spoolError !== null) this.o.logger.warn("recorder: the spool is writable again");
    this.spoolError = null;
    this.spoolFull = false;
    this.o.metrics.eventsSpooled(countEvents(batch));
    return true;
  }

  /** The queue's first records: up to batchSize of them and batchMaxBytes, and at least one. */
  private nextBatch(): RecorderRecord[] {
    let count = 0;
    let bytes = 0;
    while (count < this.memory.length && count < this.o.batchSize) {
      bytes += recordBytes(this.memory[count]!);
      if (count > 0 && bytes > this.o.batchMaxBytes) break;
      count++;
    }
    return this.memory.slice(0, count);
  }

  /** Removes `batch`, the queue's first records, from memory. */
  private takeFromMemory(batch: readonly RecorderRecord[]): void {
    this.memory.splice(0, batch.length);
    this.memoryBytes = this.memory.length === 0 ? 0 : this.memoryBytes - sumRecordBytes(batch);
  }

  /** Writes a batch; on a data error, record by record so only the bad records are set aside. */
  private async store(records: readonly RecorderRecord[], from: "queue" | "spool"): Promise<boolean> {
    const started = performance.now();
    try {
      await this.o.write(records);
    } catch (error) {
      this.o.metrics.writeError();
      if (!isUnstorableDataError(error)) {
        this.markDbDown(error);
        return false;
      }
      this.o.logger.warn({ err: describeDbError(error) }, "recorder: PostgreSQL refused data in a batch; writing it record by record");
      return this.storeOneByOne(records, from);
    }
    this.o.metrics.batchSeconds((performance.now() - started) / 1000);
    this.o.metrics.eventsWritten(countEvents(records), from);
    this.markDbUp();
    return true;
  }

  private async storeOneByOne(records: readonly RecorderRecord[], from: "queue" | "spool"): Promise<boolean> {
    for (const record of records) {
      try {
        await this.o.write([record]);
        this.o.metrics.eventsWritten(countEvents([record]), from);
      } catch (error) {
        if (!isUnstorableDataError(error)) {
          this.markDbDown(error);
          return false;
        }
        await this.setAside(record, error);
      }
    }
    this.markDbUp();
    return true;
  }

  private async setAside(record: RecorderRecord, error: unknown): Promise<void> {
    const reason = describeDbError(error);
    this.o.metrics.recordsRejected(1);
    this.o.logger.error({ record: describeRecord(record), err: reason }, "recorder: PostgreSQL refused a record for good; it is kept in the spool's rejected.jsonl");
    try {
      await this.o.spool.reject({ reason, code: (error as { code?: unknown }).code ?? null, record });
    } catch (keepError) {
      this.o.logger.error({ err: keepError, record }, "recorder: could not keep a refused record on disk; this log line is its only copy");
    }
  }

  private markDbDown(error: unknown): void {
    if (!this.dbDown) this.o.logger.error({ err: describeDbError(error) }, "recorder: cannot write to PostgreSQL; spooling to disk until it is back");
    this.dbDown = true;
    this.lastDbError = error;
    this.backOff();
    for (const waiter of this.waiters) {
      if (waiter.giveUpWhenDbDown) waiter.reject(this.flushError("because PostgreSQL is unavailable"));
    }
  }

  private markDbUp(): void {
    if (this.dbDown) this.o.logger.warn({ spooledRecords: this.o.spool.pendingRecords }, "recorder: PostgreSQL is writable again; replaying the spool");
    this.dbDown = false;
    this.backoffMs = this.o.retry.initialMs;
    this.retryAt = 0;
  }

  private backOff(): void {
    // ±20% jitter so replicas that lost the database together do not retry in lockstep.
    this.retryAt = Date.now() + this.backoffMs * (0.8 + Math.random() * 0.4);
    this.backoffMs = Math.min(this.backoffMs * 2, this.o.retry.maxMs);
  }

  private settle(count: number): void {
    this.settled += count;
    for (const waiter of this.waiters) if (this.settled >= waiter.target) waiter.resolve();
  }

  private flushError(why: string): RecorderFlushError {
    const last = this.lastDbError === null ? "" : `; last database error: ${describeDbError(this.lastDbError)}`;
    return new RecorderFlushError(
      `recording is not all in PostgreSQL ${why}: ${this.pending()} records still waiting (${this.o.spool.pendingRecords} in the spool)${last}`,
    );
  }
}

/** Enough to find a record again without logging its payload. */
function describeRecord(record: RecorderRecord): Record<string, unknown> {
  switch (record.kind) {
    case "session":
      return { kind: record.kind, sessionId: record.id };
    case "event":
      return { kind: record.kind, sessionId: record.sessionId, chainId: record.chainId, seq: record.seq, type: record.type };
    case "checkpoint":
      return { kind: record.kind, sessionId: record.sessionId, chainId: record.chainId, lastSeq: record.lastSeq };
    case "flags":
      return { kind: record.kind, sessionId: record.sessionId };
  }
}

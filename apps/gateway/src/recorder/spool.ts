// The local append-only spool: batches that could not be written to PostgreSQL, in order, on disk,
// so they survive a restart. Layout (one directory per replica):
//   segment-000000000001.jsonl  one JSON line per batch: {"v":2,"records":[...]}, fsynced per batch
//   rejected.jsonl              records PostgreSQL refused for good and unreadable lines, kept for
//                               an operator (never replayed, never deleted by the recorder)
//   lock                        the owning process's pid
// Appends go to the newest segment; replay reads the oldest, batch by batch, and deletes a segment
// once all of it is in PostgreSQL. A crash while replaying replays that segment again, which is
// harmless because every write is idempotent. A crash while appending can leave a torn last line;
// it was never acknowledged, so it is skipped (the batch was still in memory, and memory is lost
// in a crash either way).
import { mkdir, open, readFile, readdir, rm, stat, type FileHandle } from "node:fs/promises";
import { join } from "node:path";
import type { Logger } from "pino";
import type { RecorderRecord } from "./records";
import { factsOfEvent } from "./session-facts";
import { storableJsonText } from "./storable-json";
import { lockSpoolDir } from "./spool-lock";

export class SpoolFullError extends Error {
  constructor(bytes: number, max: number) {
    super(`the spool holds ${bytes} bytes and may not exceed ${max} (AIRLOCK_SPOOL_MAX_BYTES)`);
  }
}

export interface SpoolOptions {
  dir: string;
  maxBytes: number;
  logger: Logger;
  /** Size at which appends move to a new segment file. */
  segmentBytes?: number;
}

/** A batch read back from the spool; hand it to `ack` once it is in PostgreSQL. */
export interface SpooledBatch {
  records: RecorderRecord[];
  readonly bytes: number;
}

interface Segment {
  no: number;
  path: string;
  bytes: number;
  records: number;
}

interface Reading {
  segment: Segment;
  batches: SpooledBatch[];
  cursor: number;
  replayedBytes: number;
  replayedRecords: number;
}

const SEGMENT_NAME = /^segment-(\d{12})\.jsonl$/;
// Version 2 carries event payloads as their canonical JSON text; version 1 lines (payload objects)
// from an earlier release are still read.
const FORMAT_VERSION = 2;

export class Spool {
  private segments: Segment[] = [];
  private active: { segment: Segment; handle: FileHandle } | null = null;
  private reading: Reading | null = null;
  private nextNo = 1;
  private readonly segmentBytes: number;
  /** Segments whose torn or unreadable lines were already reported (a segment can be read twice). */
  private readonly reported = new Set<string>();

  private constructor(
    private readonly options: SpoolOptions,
    private readonly unlock: () => Promise<void>,
  ) {
    this.segmentBytes = options.segmentBytes ?? Math.min(16 << 20, Math.max(64 << 10, Math.floor(options.maxBytes / 8)));
  }

  /** Creates the directory if needed, takes its lock and takes stock of what an earlier run left. */
  static async open(options: SpoolOptions): Promise<Spool> {
    await mkdir(options.dir, { recursive: true });
    const unlock = await lockSpoolDir(options.dir);
    const spool = new Spool(options, unlock);
    try {
      await spool.scan();
    } catch (error) {
      await unlock();
      throw error;
    }
    return spool;
  }

  /** Bytes waiting to be replayed. */
  get bytes(): number {
    const total = this.segments.reduce((sum, s) => sum + s.bytes, 0);
    return Math.max(0, total - (this.reading?.replayedBytes ?? 0));
  }

  /** Records waiting to be replayed. */
  get pendingRecords(): number {
    const total = this.segments.reduce((sum, s) => sum + s.records, 0);
    return Math.max(0, total - (this.reading?.replayedRecords ?? 0));
  }

  get hasData(): boolean {
    return this.segments.length > 0;
  }

  get maxBytes(): number {
    return this.options.maxBytes;
  }

  /** Appends one batch durably (written and fsynced). Throws SpoolFullError or the I/O error. */
  async append(records: readonly RecorderRecord[]): Promise<void> {
    const line = `${JSON.stringify({ v: FORMAT_VERSION, records })}\n`;
    const size = Buffer.byteLength(line);
    // An empty spool takes any batch, so a batch larger than the whole spool cannot wedge it.
    if (this.bytes > 0 && this.bytes + size > this.options.maxBytes) throw new SpoolFullError(this.bytes, this.options.maxBytes);
    if (!this.active || this.active.segment.bytes >= this.segmentBytes) await this.startSegment();
    const active = this.active as NonNullable<typeof this.active>;
    try {
      await active.handle.write(line);
      await active.handle.sync();
    } catch (error) {
      // The batch stays in memory, so cut the file back to where it was; if even that fails the
      // file may end in a torn line, so never append after it (replay skips a torn last line).
      await active.handle.truncate(active.segment.bytes).catch(() => undefined);
      await this.abandonActive();
      throw error;
    }
    active.segment.bytes += size;
    active.segment.records += records.length;
  }

  /**
   * The oldest batches not yet replayed, as many consecutive ones as fit in `maxRecords` (always at
   * least one); empty when the spool is empty. Small batches spooled during an outage are thus
   * replayed in few transactions.
   */
  async peek(maxRecords: number): Promise<SpooledBatch[]> {
    for (;;) {
      if (!this.reading) {
        const oldest = this.segments[0];
        if (!oldest) return [];
        if (this.active?.segment === oldest) await this.sealActive();
        this.reading = { segment: oldest, batches: await this.readSegment(oldest), cursor: 0, replayedBytes: 0, replayedRecords: 0 };
      }
      const { batches, cursor } = this.reading;
      const taken: SpooledBatch[] = [];
      let records = 0;
      for (let i = cursor; i < batches.length; i++) {
        const batch = batches[i] as SpooledBatch;
        if (taken.length > 0 && records + batch.records.length > maxRecords) break;
        taken.push(batch);
        records += batch.records.length;
      }
      if (taken.length > 0) return taken;
      await this.finishReading();
    }
  }

  /** Marks batches from `peek` as stored in PostgreSQL. */
  async ack(taken: readonly SpooledBatch[]): Promise<void> {
    const reading = this.reading;
    for (const batch of taken) {
      if (!reading || reading.batches[reading.cursor] !== batch) throw new Error("spool: ack out of order");
      reading.cursor++;
      reading.replayedBytes += batch.bytes;
      reading.replayedRecords += batch.records.length;
    }
    if (reading && reading.cursor >= reading.batches.length) await this.finishReading();
  }

  /** Keeps a record PostgreSQL refuses for good, with the reason, for an operator to look at. */
  async reject(entry: Record<string, unknown>): Promise<void> {
    const handle = await open(join(this.options.dir, "rejected.jsonl"), "a");
    try {
      await handle.write(`${JSON.stringify({ at: new Date().toISOString(), ...entry })}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  async close(): Promise<void> {
    await this.sealActive();
    await this.unlock();
  }

  private async scan(): Promise<void> {
    const names = (await readdir(this.options.dir)).filter((n) => SEGMENT_NAME.test(n)).sort();
    for (const name of names) {
      const no = Number((SEGMENT_NAME.exec(name) as RegExpExecArray)[1]);
      const segment: Segment = { no, path: join(this.options.dir, name), bytes: 0, records: 0 };
      const batches = await this.readSegment(segment);
      segment.bytes = batches.reduce((sum, b) => sum + b.bytes, 0);
      segment.records = batches.reduce((sum, b) => sum + b.records.length, 0);
      this.nextNo = Math.max(this.nextNo, no + 1);
      if (segment.records === 0) await rm(segment.path, { force: true });
      else this.segments.push(segment);
    }
    if (this.segments.length > 0) {
      this.options.logger.warn(
        { records: this.pendingRecords, bytes: this.bytes, dir: this.options.dir },
        "recorder: found a spool from an earlier run; replaying it into PostgreSQL",
      );
    }
  }

  private async readSegment(segment: Segment): Promise<SpooledBatch[]> {
    const text = await readFile(segment.path, "utf8");
    const lines = text.split("\n");
    const batches: SpooledBatch[] = [];
    const report = !this.reported.has(segment.path);
    this.reported.add(segment.path);
    lines.forEach((line, index) => {
      if (line === "") return;
      const parsed = parseLine(line);
      if (parsed) {
        batches.push({ records: parsed, bytes: Buffer.byteLength(line) + 1 });
      } else if (!report) {
        return;
      } else if (index === lines.length - 1) {
        this.options.logger.warn({ segment: segment.path }, "recorder: skipping a torn last line in the spool (a write interrupted by a crash)");
      } else {
        this.options.logger.error({ segment: segment.path, line: index + 1 }, "recorder: unreadable line in the spool; moved to rejected.jsonl");
        void this.reject({ reason: "unreadable spool line", segment: segment.path, raw: line }).catch((error: unknown) =>
          this.options.logger.error({ err: error, raw: line }, "recorder: could not keep an unreadable spool line"),
        );
      }
    });
    return batches;
  }

  private async startSegment(): Promise<void> {
    await this.sealActive();
    const no = this.nextNo++;
    const segment: Segment = { no, path: join(this.options.dir, `segment-${String(no).padStart(12, "0")}.jsonl`), bytes: 0, records: 0 };
    const handle = await open(segment.path, "wx");
    try {
      await syncDirectory(this.options.dir);
    } catch (error) {
      await handle.close();
      throw error;
    }
    this.segments.push(segment);
    this.active = { segment, handle };
  }

  private async sealActive(): Promise<void> {
    const active = this.active;
    this.active = null;
    if (active) await active.handle.close();
  }

  private async abandonActive(): Promise<void> {
    const active = this.active;
    if (!active) return;
    await this.sealActive().catch(() => undefined);
    active.segment.bytes = await stat(active.segment.path).then((s) => s.size, () => active.segment.bytes);
  }

  private async finishReading(): Promise<void> {
    const reading = this.reading;
    if (!reading) return;
    await rm(reading.segment.path, { force: true });
    this.segments = this.segments.filter((s) => s !== reading.segment);
    this.reading = null;
  }
}

function parseLine(line: string): RecorderRecord[] | null {
  try {
    const value = JSON.parse(line) as { v?: unknown; records?: unknown };
    if (!Array.isArray(value.records)) return null;
    if (value.v === FORMAT_VERSION) return value.records as RecorderRecord[];
    return value.v === 1 ? value.records.map(fromVersion1) : null;
  } catch {
    return null;
  }
}

/** A version 1 event held its (already storable) payload as an object, hashed in canonical form. */
function fromVersion1(record: RecorderRecord & { payload?: unknown }): RecorderRecord {
  if (record.kind !== "event" || record.payloadJson !== undefined) return record;
  const { payload, ...rest } = record;
  const facts = factsOfEvent(record.type, payload);
  return { ...rest, payloadJson: storableJsonText(payload), ...(facts ? { facts } : {}) };
}

/** Makes a newly created file's directory entry durable, not only its contents. */
async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

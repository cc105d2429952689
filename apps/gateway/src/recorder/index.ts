// The gateway's session recorder: chains hashed in memory, a bounded queue, a batched writer,
// and a local spool that keeps recording through PostgreSQL outages (see pipeline.ts, spool.ts).
import { join } from "node:path";
import type { Logger } from "pino";
import type { Registry } from "prom-client";
import type { Db } from "@airlock/db";
import type { GatewayConfig } from "../config";
import { Chain, FIRST_SEQ, type ChainContext } from "./chain";
import { createDbWriter } from "./db-writer";
import { createRecorderMetrics } from "./metrics";
import { PendingStatements } from "./pending-statements";
import { RecordPipeline } from "./pipeline";
import { SessionDirectory } from "./session-directory";
import { sharedIdleGroups } from "./shared-idle-groups";
import { Spool } from "./spool";
import { storableString } from "./storable-json";
import { startThreadWriter } from "./writer-thread/thread-writer";
import type { Recorder, RecordingChain, SessionKey } from "./types";

export type { Recorder, RecordingChain, RecordedEventInput, SessionKey } from "./types";
export { RecorderFlushError } from "./pipeline";
export { FIRST_SEQ } from "./chain";

/** Knobs with production defaults; tests and benchmarks shorten them. */
export interface RecorderTuning {
  /** A batch write (connecting included) slower than this counts as failed and goes to the spool. */
  writeTimeoutMs: number;
  /** Bound on the X-Airlock-Session lookup in openChain. */
  lookupTimeoutMs: number;
  /** Default bound for flush(). */
  flushTimeoutMs: number;
  /** How long close() keeps trying PostgreSQL before leaving the rest in the spool. */
  closeTimeoutMs: number;
  /** Backoff between attempts while PostgreSQL is failing. */
  retryInitialMs: number;
  retryMaxMs: number;
  /** Cap on RecordedSession.searchText, in characters. */
  searchTextMax: number;
  /** Longest a finished SQL statement waits to be recorded with the ones after it (see chain.ts). */
  statementFlushMs: number;
  /**
   * How often a busy HTTP session's finished exchanges are sealed (session-seal.ts): the longest an
   * exchange stays without a keyed seal (HTTP exchanges have no checkpoint of their own).
   */
  sealIntervalMs: number;
  /** Milliseconds since the epoch; event times and session idleness come from it. */
  clock: () => number;
}

export const DEFAULT_TUNING: RecorderTuning = {
  writeTimeoutMs: 2_000,
  lookupTimeoutMs: 2_000,
  flushTimeoutMs: 30_000,
  closeTimeoutMs: 10_000,
  retryInitialMs: 100,
  retryMaxMs: 5_000,
  searchTextMax: 32_768,
  statementFlushMs: 200,
  sealIntervalMs: 1_000,
  clock: Date.now,
};

export interface CreateRecorderOptions {
  db: Db;
  config: GatewayConfig;
  logger: Logger;
  /** Names this replica's spool directory: keep it stable across restarts so a spool is replayed. */
  replicaId: string;
  /** HMAC key for chain checkpoints (at least 32 bytes). */
  hashKey: Buffer;
  metrics?: Registry;
  tuning?: Partial<RecorderTuning>;
}

const REPLICA_ID = /^[A-Za-z0-9._-]{1,128}$/;
const MIN_HASH_KEY_BYTES = 32;

export async function createRecorder(options: CreateRecorderOptions): Promise<Recorder> {
  const { config, replicaId, hashKey } = options;
  if (!REPLICA_ID.test(replicaId) || replicaId === "." || replicaId === "..") {
    throw new Error(`replica id '${replicaId}' cannot name a spool directory: use letters, digits, '.', '_' and '-'`);
  }
  if (hashKey.byteLength < MIN_HASH_KEY_BYTES) {
    throw new Error(`the recording hash key must be at least ${MIN_HASH_KEY_BYTES} bytes (AIRLOCK_HASH_KEY)`);
  }
  const tuning = { ...DEFAULT_TUNING, ...options.tuning };
  const logger = options.logger.child({ component: "recorder", replicaId });
  const spool = await Spool.open({ dir: join(config.AIRLOCK_SPOOL_DIR, replicaId), maxBytes: config.AIRLOCK_SPOOL_MAX_BYTES, logger });
  const writerOptions = {
    connectionString: config.DATABASE_URL,
    timeoutMs: tuning.writeTimeoutMs,
    firstSeq: FIRST_SEQ,
    searchTextMax: tuning.searchTextMax,
    logger,
  };
  // In a thread of its own by default (writer-thread/worker.ts): the batch's SQL and the driver's
  // work then run beside the requests instead of between them.
  const writer = config.AIRLOCK_RECORDER_WRITER_THREAD ? await startThreadWriter(writerOptions) : createDbWriter(writerOptions);
  let closed = false;
  // The gauges read the pipeline lazily, at scrape time.
  const gauges = { queueDepth: () => pipeline.queueDepth, queueBytes: () => pipeline.queueBytes, spoolBytes: () => spool.bytes };
  const pipeline: RecordPipeline = new RecordPipeline({
    spool,
    write: writer.write,
    batchSize: config.AIRLOCK_RECORDER_BATCH_SIZE,
    batchMaxBytes: config.AIRLOCK_RECORDER_BATCH_MAX_BYTES,
    queueMax: config.AIRLOCK_RECORDER_QUEUE_MAX,
    queueMaxBytes: config.AIRLOCK_RECORDER_QUEUE_MAX_BYTES,
    flushMs: config.AIRLOCK_RECORDER_FLUSH_MS,
    retry: { initialMs: tuning.retryInitialMs, maxMs: tuning.retryMaxMs },
    logger,
    metrics: createRecorderMetrics(options.metrics, gauges),
  });
  const enqueue = pipeline.enqueue.bind(pipeline);
  const directory = new SessionDirectory({
    db: options.db,
    idleMs: config.AIRLOCK_SESSION_IDLE_MS,
    lookupTimeoutMs: tuning.lookupTimeoutMs,
    clock: tuning.clock,
    logger,
    enqueue,
    databaseReachable: () => pipeline.databaseReachable,
    hashKey,
    sealIntervalMs: tuning.sealIntervalMs,
    sharedGroups: sharedIdleGroups(config.AIRLOCK_SESSION_IDLE_MS, logger),
  });
  const statements = new PendingStatements(tuning.statementFlushMs, logger);
  const chainContext: ChainContext = { enqueue, statementsPending: (chain) => statements.add(chain), hashKey, clock: tuning.clock, logger };

  const recorder: Recorder = {
    get accepting() {
      return !closed && pipeline.accepting;
    },
    async openChain(key: SessionKey): Promise<RecordingChain> {
      const { session, created } = await directory.open(key);
      return new Chain(session, created, chainContext);
    },
    flagSession(sessionId, flags) {
      const searchText = flags.searchText === undefined ? undefined : storableString(flags.searchText).slice(0, tuning.searchTextMax);
      enqueue({ kind: "flags", sessionId, hasBlock: flags.hasBlock, hasApproval: flags.hasApproval, hasError: flags.hasError, searchText });
    },
    pending: () => pipeline.pending(),
    flush: (flushOptions) => {
      statements.flush();
      return pipeline.flush({ timeoutMs: flushOptions?.timeoutMs ?? tuning.flushTimeoutMs });
    },
    async close() {
      if (closed) return;
      closed = true;
      // Ends (and seals) this replica's HTTP sessions; their records are flushed below.
      directory.closeAll();
      statements.flush();
      await pipeline.shutdown(tuning.closeTimeoutMs);
      await spool.close();
      await writer.close();
    },
  };
  return recorder;
}

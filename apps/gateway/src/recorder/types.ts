// The contract between the data paths (HTTP, Postgres) and the recorder. Recording is off the
// request path: `append` only queues; a batched writer persists, spilling to a local spool when
// PostgreSQL is slow or down. When even the spool is full, `accepting` turns false and the data
// paths refuse new traffic (fail closed).
import type { Identity } from "../identity";

export interface SessionKey {
  protocol: "http" | "postgres";
  connectionId: string;
  connectionName: string;
  identity: Identity;
  /** X-Airlock-Session header value (http), if any. */
  clientKey?: string;
}

export interface RecordedEventInput {
  type: string;
  /** Already masked. The recorder never masks: the data path does, before calling append. */
  payload: Record<string, unknown>;
  /** Defaults to now. */
  at?: Date;
}

/** One serialised writer unit (an HTTP exchange, a Postgres client connection): a hash chain. */
export interface RecordingChain {
  readonly sessionId: string;
  readonly chainId: string;
  /** When the session started (epoch ms): replay offsets are relative to it. */
  readonly sessionStartedAtMs?: number;
  /** True when opening this chain created the session (the data path then records `session.start` in it). */
  readonly sessionCreated?: boolean;
  append(event: RecordedEventInput): void;
  /** Appends a final event if given and seals the chain (writes a keyed checkpoint). */
  close(final?: RecordedEventInput): void;
}

export interface Recorder {
  /** False when the queue and the spool are both full (or the spool cannot be written): callers must refuse new traffic. */
  readonly accepting: boolean;
  /** Finds or creates the session for this key (grouping rules in design.md) and opens a chain in it. */
  openChain(key: SessionKey): Promise<RecordingChain>;
  /** Marks flags on the session row used by the console's filters. */
  flagSession(sessionId: string, flags: { hasBlock?: boolean; hasApproval?: boolean; hasError?: boolean; searchText?: string }): void;
  /** Records (events, plus session rows, flags and checkpoints) queued or spooled but not yet in PostgreSQL. */
  pending(): number;
  /**
   * Writes everything queued (and the spool) before returning; used at shutdown and in tests.
   * Rejects (RecorderFlushError) when that takes longer than `timeoutMs` (default 30 s).
   */
  flush(options?: { timeoutMs?: number }): Promise<void>;
  /** Flushes what it can within a bound; whatever PostgreSQL did not take stays in the spool for the next start. */
  close(): Promise<void>;
}

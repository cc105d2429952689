import { GENESIS_HASH, computeEventHash } from "./chain";
import type { ChainHead } from "./chain";
import type { EventPayloads, EventType, RecordedEvent } from "./events";

export interface ChainBuilderOptions {
  sessionId: string;
  /** When the session started; each event's offsetMs is measured from it. */
  startedAt: Date | string;
  /**
   * Seq of the first event, counting up by one (default 1), or an allocator called once per
   * event. Writers sharing a session must use disjoint seq ranges.
   */
  nextSeq?: number | (() => number);
  /** To continue a segment (e.g. after replaying a spool): the hash of its last event. */
  prevHash?: string;
  /** Clock for events appended without `at`. */
  now?: () => Date;
}

export interface NewEvent<T extends EventType> {
  type: T;
  payload: EventPayloads[T];
  exchangeId?: string | null;
  at?: Date;
}

/**
 * Appends events to one chain segment (see chain.ts), assigning seq, offsetMs, prevHash and hash
 * in memory. One builder per serialised writer: a Postgres connection, or a replica's share of an
 * HTTP session. Payloads are hashed when appended, so they must not be mutated afterwards.
 */
export class ChainBuilder {
  readonly sessionId: string;
  private readonly startedAtMs: number;
  private readonly allocateSeq: () => number;
  private readonly now: () => Date;
  private lastSeq = 0;
  private lastHash: string;

  constructor(options: ChainBuilderOptions) {
    this.sessionId = options.sessionId;
    this.startedAtMs = new Date(options.startedAt).getTime();
    if (Number.isNaN(this.startedAtMs)) throw new RangeError(`invalid startedAt: ${String(options.startedAt)}`);
    this.allocateSeq = seqAllocator(options.nextSeq ?? 1);
    this.lastHash = options.prevHash ?? GENESIS_HASH;
    this.now = options.now ?? (() => new Date());
  }

  append<T extends EventType>(event: NewEvent<T>): RecordedEvent<T> {
    const seq = this.allocateSeq();
    if (!Number.isSafeInteger(seq) || seq < 1 || seq <= this.lastSeq) {
      throw new RangeError(`seq ${seq} must be a positive integer above the segment's last seq ${this.lastSeq}`);
    }
    const at = event.at ?? this.now();
    const fields = {
      sessionId: this.sessionId,
      seq,
      exchangeId: event.exchangeId ?? null,
      at: at.toISOString(),
      offsetMs: Math.round(at.getTime() - this.startedAtMs),
      type: event.type,
      payload: event.payload,
    };
    const prevHash = this.lastHash;
    const hash = computeEventHash(prevHash, fields);
    this.lastSeq = seq;
    this.lastHash = hash;
    // The mapped union cannot be narrowed from a generic T, hence the assertion.
    return { ...fields, prevHash, hash } as RecordedEvent<T>;
  }

  /** This segment's last seq and hash (lastSeq 0 and GENESIS_HASH before the first append). */
  get head(): ChainHead {
    return { lastSeq: this.lastSeq, lastHash: this.lastHash };
  }
}

function seqAllocator(next: number | (() => number)): () => number {
  if (typeof next === "function") return next;
  let seq = next;
  return () => seq++;
}

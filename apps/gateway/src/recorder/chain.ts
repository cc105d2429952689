// One recording chain: the events of one HTTP exchange or one Postgres client connection, written
// by one serialised writer. Seqs count 1, 2, 3... within the chain, and each event's hash covers
// the previous one's (computeEventHash from @airlock/recording), all in memory: appending never
// reads the database. Seqs start at 1 because @airlock/recording's verifier requires positive seqs.
// The chain is stored under its chainId; verify a chain by passing its rows, and only its rows,
// to verifyChain (exchangeId is not used: it is null in every hash).
import type { Logger } from "pino";
import { GENESIS_HASH, checkpoint, computeEncodedEventHash } from "@airlock/recording";
import type { ActiveSession } from "./active-session";
import { newChainId } from "./ids";
import type { RecorderRecord } from "./records";
import { factsOfEvent } from "./session-facts";
import { storableJsonText, storableString } from "./storable-json";
import type { RecordedEventInput, RecordingChain } from "./types";

export const FIRST_SEQ = 1;

const INT32_MAX = 2 ** 31 - 1;

// Formatting a time costs about as much as hashing an event, and a busy gateway records several
// events in the same millisecond: the last one is remembered.
let lastIsoMs = Number.NaN;
let lastIso = "";
function isoAt(ms: number): string {
  if (ms !== lastIsoMs) {
    lastIso = new Date(ms).toISOString();
    lastIsoMs = ms;
  }
  return lastIso;
}

export interface ChainContext {
  enqueue(record: RecorderRecord): void;
  hashKey: Buffer;
  clock: () => number;
  logger: Logger;
}

export class Chain implements RecordingChain {
  readonly chainId = newChainId();
  private lastSeq = FIRST_SEQ - 1;
  private lastHash = GENESIS_HASH;
  private closed = false;

  constructor(
    private readonly session: ActiveSession,
    /** True when opening this chain created the session: the data path records session.start in it. */
    readonly sessionCreated: boolean,
    private readonly context: ChainContext,
  ) {
    session.openChains++;
  }

  get sessionId(): string {
    return this.session.id;
  }

  /** Chunk offsets in `exchange.chunks` are on the session's timeline, which starts here. */
  get sessionStartedAtMs(): number {
    return this.session.startedAtMs;
  }

  append(event: RecordedEventInput): void {
    if (this.closed) {
      this.context.logger.warn({ chainId: this.chainId, type: event.type }, "recorder: event appended after its chain was closed; recorded, but not covered by the chain's checkpoint");
    }
    try {
      this.push(event.type, event.payload, event.at);
    } catch (error) {
      // Only a payload JSON cannot represent (a cycle) gets here. Record that it happened instead.
      this.context.logger.error({ chainId: this.chainId, type: event.type, err: error }, "recorder: event payload cannot be encoded; recording an error event in its place");
      this.push("error", { message: `a '${event.type}' event could not be recorded: ${(error as Error).message}`, stage: "record" }, event.at);
    }
  }

  close(final?: RecordedEventInput): void {
    if (final) this.append(final);
    if (this.closed) return;
    this.closed = true;
    this.session.openChains--;
    this.session.lastActivityMs = this.context.clock();
    if (this.lastSeq < FIRST_SEQ) return;
    const sealed = checkpoint(this.context.hashKey, this.session.id, this.lastSeq, this.lastHash);
    this.context.enqueue({
      kind: "checkpoint",
      id: `${this.chainId}:${this.lastSeq}`,
      sessionId: this.session.id,
      chainId: this.chainId,
      lastSeq: sealed.lastSeq,
      lastHash: sealed.lastHash,
      mac: sealed.mac,
    });
  }

  private push(type: string, payload: unknown, at: Date | undefined): void {
    const nowMs = this.context.clock();
    const whenMs = at instanceof Date && !Number.isNaN(at.getTime()) ? at.getTime() : nowMs;
    // Encoding first: it is what throws (on a cycle), before anything about the chain changes.
    const payloadJson = storableJsonText(payload);
    const fields = {
      sessionId: this.session.id,
      seq: this.lastSeq + 1,
      exchangeId: null,
      at: isoAt(whenMs),
      // The column is a 32-bit integer: about 24 days, which a long-lived X-Airlock-Session can exceed.
      offsetMs: Math.min(INT32_MAX, Math.max(-INT32_MAX, Math.round(whenMs - this.session.startedAtMs))),
      type: storableString(type),
    };
    const hash = computeEncodedEventHash(this.lastHash, fields, payloadJson);
    const facts = factsOfEvent(fields.type, payload);
    this.context.enqueue({
      kind: "event",
      sessionId: fields.sessionId,
      chainId: this.chainId,
      seq: fields.seq,
      at: fields.at,
      offsetMs: fields.offsetMs,
      type: fields.type,
      payloadJson,
      ...(facts ? { facts } : {}),
      prevHash: this.lastHash,
      hash,
    });
    this.lastSeq = fields.seq;
    this.lastHash = hash;
    this.session.lastActivityMs = nowMs;
  }
}

// One recording chain: the events of one HTTP exchange or one Postgres client connection, written
// by one serialised writer. Seqs count 1, 2, 3... within the chain, and each event's hash covers
// the previous one's (computeEventHash from @airlock/recording), all in memory: appending never
// reads the database. Seqs start at 1 because @airlock/recording's verifier requires positive seqs.
// The chain is stored under its chainId; verify a chain by passing its rows, and only its rows,
// to verifyChain (exchangeId is not used: it is null in every hash).
//
// `sql.statement` events are not recorded one by one: they gather in a StatementBatch and are
// recorded as one compact `sql.statements` event when another event comes, when the chain closes,
// when the batch is full, or when the recorder's statement timer fires (ChainContext
// statementsPending), whichever is first.
import type { Logger } from "pino";
import { GENESIS_HASH, computeEncodedEventHash } from "@airlock/recording";
import type { ActiveSession } from "./active-session";
import { checkpointRecord } from "./checkpoint-record";
import { newChainId } from "./ids";
import type { RecorderRecord } from "./records";
import { factsOfEvent, type EventFacts } from "./session-facts";
import { StatementBatch } from "./statement-batch";
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
  /** Called when a chain starts gathering statements: it must call flushStatements() soon. */
  statementsPending(chain: Chain): void;
  hashKey: Buffer;
  clock: () => number;
  logger: Logger;
}

export class Chain implements RecordingChain {
  readonly chainId = newChainId();
  private lastSeq = FIRST_SEQ - 1;
  private lastHash = GENESIS_HASH;
  private closed = false;
  private statements = new StatementBatch();

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
      const { payload } = event;
      if (event.type === "sql.statement" && typeof payload.text === "string") {
        this.addStatement(payload as Record<string, unknown> & { text: string }, event.at);
        return;
      }
      this.flushStatements();
      this.push(event.type, storableJsonText(payload), factsOfEvent(event.type, payload), this.timeOf(event.at));
    } catch (error) {
      // Only a payload JSON cannot represent (a cycle) gets here. Record that it happened instead.
      this.context.logger.error({ chainId: this.chainId, type: event.type, err: error }, "recorder: event payload cannot be encoded; recording an error event in its place");
      this.flushStatements();
      const replacement = { message: `a '${event.type}' event could not be recorded: ${(error as Error).message}`, stage: "record" };
      this.push("error", storableJsonText(replacement), factsOfEvent("error", replacement), this.timeOf(event.at));
    }
  }

  /** Records the statements gathered so far as one `sql.statements` event (nothing if none). */
  flushStatements(): void {
    const batch = this.statements;
    if (batch.size === 0) return;
    this.statements = new StatementBatch();
    this.push("sql.statements", batch.payloadJson(), batch.facts(), batch.lastAtMs);
  }

  close(final?: RecordedEventInput): void {
    if (final) this.append(final);
    this.flushStatements();
    if (this.closed) return;
    this.closed = true;
    this.session.openChains--;
    this.session.lastActivityMs = this.context.clock();
    if (this.lastSeq < FIRST_SEQ) return;
    // An HTTP exchange is vouched for by its session's next seal (within the seal interval), which
    // lists its head: one keyed seal per session and interval instead of a checkpoint row and an
    // HMAC per exchange. Chains no seal will list get a checkpoint of their own.
    if (this.session.chainFinished(this.chainId, this.lastSeq, this.lastHash)) return;
    this.context.enqueue(checkpointRecord(this.context.hashKey, this.session.id, this.chainId, this.lastSeq, this.lastHash));
  }

  private addStatement(payload: Record<string, unknown> & { text: string }, at: Date | undefined): void {
    const whenMs = this.timeOf(at);
    this.statements.add(payload, whenMs, this.offsetOf(whenMs));
    this.session.lastActivityMs = this.context.clock();
    // After close there is no later event or close to flush it: record it at once.
    if (this.statements.full || this.closed) this.flushStatements();
    else if (this.statements.size === 1) this.context.statementsPending(this);
  }

  private timeOf(at: Date | undefined): number {
    return at instanceof Date && !Number.isNaN(at.getTime()) ? at.getTime() : this.context.clock();
  }

  /** On the session's timeline. The column is a 32-bit integer: about 24 days, which a long-lived X-Airlock-Session can exceed. */
  private offsetOf(whenMs: number): number {
    return Math.min(INT32_MAX, Math.max(-INT32_MAX, Math.round(whenMs - this.session.startedAtMs)));
  }

  private push(rawType: string, payloadJson: string, facts: EventFacts | undefined, whenMs: number): void {
    const fields = {
      sessionId: this.session.id,
      seq: this.lastSeq + 1,
      exchangeId: null,
      at: isoAt(whenMs),
      offsetMs: this.offsetOf(whenMs),
      type: storableString(rawType),
    };
    const hash = computeEncodedEventHash(this.lastHash, fields, payloadJson);
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
    this.session.lastActivityMs = this.context.clock();
  }
}

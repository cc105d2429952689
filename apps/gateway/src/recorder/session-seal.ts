// This replica's seal stream for one HTTP session (the scheme is in @airlock/recording's seal.ts):
// a chain of its own whose `session.seal` events list the exchanges this replica finished in the
// session, each written with a keyed checkpoint, and which ends with `session.end` when the replica
// closes the session. Seals are hashed in memory and queued like any other record, behind the
// events of the exchanges they list, so they cost neither a database read nor a lock.
import { GENESIS_HASH, canonicalEncode, computeEncodedEventHash, sealPayload, type SessionEndPayload } from "@airlock/recording";
import type { ActiveSession } from "./active-session";
import { checkpointRecord } from "./checkpoint-record";
import { newChainId } from "./ids";
import type { RecorderRecord } from "./records";

export interface SealContext {
  enqueue(record: RecorderRecord): void;
  hashKey: Buffer;
}

const INT32_MAX = 2 ** 31 - 1;

export class SealStream {
  readonly chainId = newChainId();
  private lastSeq = 0;
  private lastHash = GENESIS_HASH;
  /** When this stream last sealed (or started): periodic seals are counted from here. */
  lastSealMs: number;

  constructor(
    private readonly session: ActiveSession,
    private readonly context: SealContext,
    nowMs: number,
  ) {
    this.lastSealMs = nowMs;
  }

  /** Seals the exchanges finished since the previous seal; nothing when there are none. */
  seal(nowMs: number): void {
    this.lastSealMs = nowMs;
    if (this.appendSeal()) this.writeCheckpoint();
  }

  /**
   * The final seal and `session.end`, dated at the session's last activity on this replica. A
   * stream always starts with a seal (empty if need be), so its first event never looks like an
   * exchange's or a Postgres connection's (batch-sql.ts counts exchanges by their first event).
   */
  end(reason: SessionEndPayload["reason"]): void {
    if (!this.appendSeal() && this.lastSeq === 0) this.append("session.seal", canonicalEncode(sealPayload([])));
    this.append("session.end", canonicalEncode({ reason } satisfies SessionEndPayload));
    this.writeCheckpoint();
  }

  private appendSeal(): boolean {
    const finished = this.session.takeUnsealed();
    if (finished.length === 0) return false;
    this.append("session.seal", canonicalEncode(sealPayload(finished)));
    return true;
  }

  // Dated at the last activity rather than now, so neither a seal nor the end moves the session's
  // lastEventAt past what actually happened in it.
  private append(type: string, payloadJson: string): void {
    const whenMs = this.session.lastActivityMs;
    const fields = {
      sessionId: this.session.id,
      seq: this.lastSeq + 1,
      exchangeId: null,
      at: new Date(whenMs).toISOString(),
      offsetMs: Math.min(INT32_MAX, Math.max(-INT32_MAX, Math.round(whenMs - this.session.startedAtMs))),
      type,
    };
    const hash = computeEncodedEventHash(this.lastHash, fields, payloadJson);
    const { exchangeId: _unused, ...stored } = fields;
    this.context.enqueue({ kind: "event", chainId: this.chainId, ...stored, payloadJson, prevHash: this.lastHash, hash });
    this.lastSeq = fields.seq;
    this.lastHash = hash;
  }

  private writeCheckpoint(): void {
    this.context.enqueue(checkpointRecord(this.context.hashKey, this.session.id, this.chainId, this.lastSeq, this.lastHash));
  }
}

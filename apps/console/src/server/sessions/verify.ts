// Verification of a recorded session with @airlock/recording (verifyRecordedSession). The gateway
// chains each exchange (or Postgres connection) separately and seals each chain with a keyed
// checkpoint; for HTTP sessions every replica also keeps a seal stream listing the exchanges it
// finished (apps/gateway/src/recorder/session-seal.ts). So every chain is verified on its own
// (hashes, links, its checkpoint's MAC under the recording key and its head), and every exchange a
// seal lists must still be there with exactly the sealed head: an exchange deleted together with its
// checkpoint is named. A chain that no checkpoint or seal covers is still open (or its writer died):
// its links are checked but nothing vouches for its tail. The session's event counter is a further
// hint that events are missing.
import { CHECKPOINT_SCHEME, summariseFindings, verifyRecordedSession, type ChainFinding, type Checkpoint, type RecordedChain } from "@airlock/recording";
import type { z } from "zod";
import type { sessionVerification } from "@/lib/api/schemas/sessions";
import type { ChainEvents } from "./load";

type Verification = z.input<typeof sessionVerification>;

interface CheckpointRow {
  sessionId: string;
  lastSeq: number;
  lastHash: string;
  mac: string;
}

export function verifyChains(
  sessionId: string,
  expectedEvents: number,
  chains: ChainEvents[],
  checkpoints: Map<string, CheckpointRow>,
  key: Uint8Array,
): Verification {
  const recorded: RecordedChain[] = chains.map((chain) => ({ chainId: chain.chainId, events: chain.events, checkpoint: asCheckpoint(checkpoints.get(chain.chainId)) }));
  const findings: ChainFinding[] = verifyRecordedSession(sessionId, recorded, key);
  // Checkpoints whose chain has no events left: the whole chain was deleted (unless a seal named it already).
  for (const [chainId, row] of checkpoints) {
    if (findings.some((f) => f.chainId === chainId)) continue;
    findings.push({ chainId, kind: "exchange", events: 0, sealed: true, inSessionSeal: false, ok: false, brokenAtSeq: 1, reason: `all ${row.lastSeq} events of this chain are missing` });
  }
  const { verified, summary } = summariseFindings(findings, expectedEvents);
  const eventCount = chains.reduce((n, c) => n + c.events.length, 0);
  return {
    sessionId,
    verified,
    summary,
    eventCount,
    chains: findings.map((f) => ({ chainId: f.chainId, events: f.events, sealed: f.sealed, ok: f.ok, brokenAtSeq: f.brokenAtSeq, reason: f.reason })),
  };
}

function asCheckpoint(row: CheckpointRow | undefined): Checkpoint | null {
  return row ? { scheme: CHECKPOINT_SCHEME, sessionId: row.sessionId, lastSeq: row.lastSeq, lastHash: row.lastHash, mac: row.mac } : null;
}

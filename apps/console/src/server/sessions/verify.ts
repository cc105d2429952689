// Verification of a recorded session. The gateway chains each exchange (or Postgres connection)
// separately and seals each chain with a keyed checkpoint (apps/gateway/src/recorder/chain.ts), so
// every chain is verified on its own with @airlock/recording: hashes and links (verifyChain), then
// the checkpoint's MAC under the recording key and its head (verifySession). A chain without a
// checkpoint is still open (or its writer died): its links are checked but nothing vouches for its
// tail. The session's event counter catches whole chains deleted with their checkpoints.
import { CHECKPOINT_SCHEME, verifyChain, verifySession } from "@airlock/recording";
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
  const verdicts = chains.map((chain) => {
    const sealed = checkpoints.get(chain.chainId);
    const verdict = sealed
      ? verifySession(chain.events, { scheme: CHECKPOINT_SCHEME, sessionId: sealed.sessionId, lastSeq: sealed.lastSeq, lastHash: sealed.lastHash, mac: sealed.mac }, key)
      : verifyChain(chain.events);
    return {
      chainId: chain.chainId,
      events: chain.events.length,
      sealed: Boolean(sealed),
      ok: verdict.ok,
      brokenAtSeq: verdict.ok ? null : verdict.brokenAtSeq,
      reason: verdict.ok ? null : verdict.reason,
    };
  });
  // Checkpoints whose chain has no events left: the whole chain was deleted.
  for (const [chainId, sealed] of checkpoints) {
    if (!chains.some((c) => c.chainId === chainId)) {
      verdicts.push({ chainId, events: 0, sealed: true, ok: false, brokenAtSeq: 1, reason: `all ${sealed.lastSeq} events of this chain are missing` });
    }
  }
  const found = chains.reduce((n, c) => n + c.events.length, 0);
  const broken = verdicts.find((v) => !v.ok);
  let summary = "verified";
  if (broken) {
    summary = `broken at event ${broken.brokenAtSeq ?? "?"} of chain ${broken.chainId}: ${broken.reason}`;
  } else if (found < expectedEvents) {
    summary = `broken: the session recorded ${expectedEvents} events but only ${found} remain`;
  } else if (verdicts.some((v) => !v.sealed)) {
    summary = "verified (some chains are still open and not yet sealed by a checkpoint)";
  }
  const verified = !broken && found >= expectedEvents;
  return { sessionId, verified, summary, eventCount: found, chains: verdicts };
}

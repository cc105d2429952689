// Evidence bundles: a self-contained JSON export of one session that an auditor can verify with
// this package or, following `howToVerify`, with any SHA-256 and RFC 8785 implementation.
import { GENESIS_HASH, segmentTails, sessionHead } from "./chain";
import type { ChainHead, SegmentTail } from "./chain";
import { isCheckpoint, verifyCheckpoint } from "./checkpoint";
import type { Checkpoint, CheckpointKey } from "./checkpoint";
import type { RecordedEvent } from "./events";
import { fromStoredEvent } from "./stored-event";
import type { StoredEvent } from "./stored-event";
import { verifyRecordedSession, type ChainFinding, type RecordedChain } from "./verify-recorded-session";
import { compareWithCheckpoint } from "./verify-session";

export const EVIDENCE_FORMAT = "airlock.evidence.v1";

/** Session metadata to carry along (connection, identity, times...). Informational: only the events are sealed. */
export interface EvidenceSession {
  id: string;
  [field: string]: unknown;
}

export interface EvidenceBundle {
  format: typeof EVIDENCE_FORMAT;
  session: EvidenceSession;
  /** Sorted by seq. */
  events: RecordedEvent[];
  proof: {
    hashAlgorithm: "SHA-256";
    canonicalJson: "RFC 8785";
    genesisHash: string;
    /** The last event of each chain segment. */
    tails: SegmentTail[];
    /** Head over all events in the bundle. */
    head: ChainHead;
    checkpoint: Checkpoint;
  };
  howToVerify: string[];
}

export type EvidenceVerdict =
  | {
      ok: true;
      /** False when no key was given: the chain matches the checkpoint, but its MAC was not checked. */
      checkpointAuthenticated: boolean;
      checkpointedThroughSeq: number;
      unsealedEvents: number;
    }
  | { ok: false; brokenAtSeq: number | null; reason: string };

const HOW_TO_VERIFY = [
  "1. Sort `events` by seq. Seqs are unique positive integers.",
  "2. For every event compute the lowercase hex SHA-256 of the UTF-8 text 'airlock.event.v1' + a line feed + the RFC 8785 canonical JSON of {sessionId, seq, exchangeId, at, offsetMs, type, payload, prevHash} taken from the event. It must equal the event's `hash`.",
  "3. Every event's `prevHash` must be `proof.genesisHash` (the first event of a chain segment) or the hash of an event with a lower seq, and no two events may name the same non-genesis prevHash.",
  "4. Take the events with seq <= checkpoint.lastSeq. Their tails are those whose hash is no other such event's prevHash. The highest seq must equal checkpoint.lastSeq, and the head must equal checkpoint.lastHash: the tail's hash when there is one tail, otherwise the hex SHA-256 of 'airlock.heads.v1' + a line feed + the RFC 8785 canonical JSON of [[seq, hash], ...] over the tails sorted by seq.",
  "5. If a session.end event is among those events, no event may have a higher seq. Events above checkpoint.lastSeq in an unfinished session were recorded after the checkpoint and are not sealed by it.",
  "6. With the Airlock recording key: checkpoint.mac must equal the hex HMAC-SHA256 of 'airlock.checkpoint.v1' + a line feed + the RFC 8785 canonical JSON of {sessionId, lastSeq, lastHash}. This step proves the chain was not rebuilt by someone without the key.",
  "7. A session export holds one bundle per chain. A bundle whose events are all session.seal or session.end is a replica's seal stream: for every {chainId, lastSeq, lastHash} listed in its session.seal payloads, the export must hold that exchange's chain with an event at seq lastSeq whose hash is lastHash and no event above it, and step 4 must hold for it with lastSeq and lastHash in place of the checkpoint's. An exchange listed but absent was deleted.",
  "In code: verifyEvidenceBundle(bundle, key) for one bundle, verifySessionEvidence(sessionId, chains, key) for a whole export, from @airlock/recording.",
];

export function buildEvidenceBundle(
  session: EvidenceSession,
  events: readonly StoredEvent[],
  sealed: Checkpoint,
): EvidenceBundle {
  if (session.id !== sealed.sessionId) {
    throw new Error(`checkpoint is for session ${sealed.sessionId}, not ${session.id}`);
  }
  const foreign = events.find((e) => e.sessionId !== session.id);
  if (foreign !== undefined) throw new Error(`seq ${foreign.seq} belongs to session ${foreign.sessionId}`);

  const sorted = [...events].sort((a, b) => a.seq - b.seq).map(fromStoredEvent);
  return {
    format: EVIDENCE_FORMAT,
    // Through JSON so that the bundle is plain data (dates become ISO strings) whatever the caller passed.
    session: JSON.parse(JSON.stringify(session)) as EvidenceSession,
    events: sorted,
    proof: {
      hashAlgorithm: "SHA-256",
      canonicalJson: "RFC 8785",
      genesisHash: GENESIS_HASH,
      tails: segmentTails(sorted),
      head: sessionHead(sorted),
      checkpoint: { ...sealed },
    },
    howToVerify: [...HOW_TO_VERIFY],
  };
}

/**
 * Verifies a bundle (typically parsed from an untrusted file). Without a key everything but the
 * checkpoint's MAC is checked, and the verdict says so.
 */
export function verifyEvidenceBundle(bundle: unknown, key?: CheckpointKey): EvidenceVerdict {
  const shapeProblem = describeShapeProblem(bundle);
  if (shapeProblem !== null) return { ok: false, brokenAtSeq: null, reason: `not an Airlock evidence bundle: ${shapeProblem}` };
  const { session, events, proof } = bundle as EvidenceBundle;
  const sealed = proof.checkpoint;

  if (session.id !== sealed.sessionId) {
    return { ok: false, brokenAtSeq: null, reason: `the checkpoint is for session ${sealed.sessionId}, not ${session.id}` };
  }
  if (key !== undefined && !verifyCheckpoint(key, sealed)) {
    return { ok: false, brokenAtSeq: null, reason: "the checkpoint was not made with this key, or was altered" };
  }
  const verdict = compareWithCheckpoint(events, sealed);
  if (!verdict.ok) return verdict;
  return { ...verdict, checkpointAuthenticated: key !== undefined };
}

function describeShapeProblem(value: unknown): string | null {
  if (!isRecord(value)) return "not an object";
  if (value.format !== EVIDENCE_FORMAT) return `format is not ${EVIDENCE_FORMAT}`;
  if (!isRecord(value.session) || typeof value.session.id !== "string") return "session.id is missing";
  if (!isRecord(value.proof) || !isCheckpoint(value.proof.checkpoint)) return "proof.checkpoint is missing or malformed";
  if (!Array.isArray(value.events)) return "events is not an array";
  const index = value.events.findIndex((e) => !isEventShape(e));
  return index === -1 ? null : `events[${index}] is malformed`;
}

function isEventShape(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.sessionId === "string" &&
    Number.isSafeInteger(value.seq) &&
    (value.seq as number) >= 1 &&
    (value.exchangeId === null || typeof value.exchangeId === "string") &&
    typeof value.at === "string" &&
    typeof value.offsetMs === "number" &&
    typeof value.type === "string" &&
    "payload" in value &&
    typeof value.prevHash === "string" &&
    typeof value.hash === "string"
  );
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One chain of a session export: a bundle when the chain is sealed, its raw events when it is still open. */
export interface ExportedChain {
  chainId: string;
  bundle?: unknown;
  events?: readonly unknown[];
}

export type SessionEvidenceVerdict = { ok: true; chains: ChainFinding[] } | { ok: false; reason: string; chains: ChainFinding[] };

/**
 * Verifies a whole session export: every chain's bundle (as verifyEvidenceBundle does), and every
 * exchange the session's seal streams list against the exported exchanges (seal.ts), so an exchange
 * left out of the export, or deleted from storage with its checkpoint, is named. Without a key the
 * MACs are not checked.
 */
export function verifySessionEvidence(sessionId: string, chains: readonly ExportedChain[], key?: CheckpointKey): SessionEvidenceVerdict {
  const recorded: RecordedChain[] = [];
  for (const chain of chains) {
    if (chain.bundle === undefined || chain.bundle === null) {
      const events = chain.events ?? [];
      const index = events.findIndex((e) => !isEventShape(e));
      if (index !== -1) return { ok: false, reason: `chain ${chain.chainId}: events[${index}] is malformed`, chains: [] };
      recorded.push({ chainId: chain.chainId, events: events as StoredEvent[] });
      continue;
    }
    const problem = describeShapeProblem(chain.bundle);
    if (problem !== null) return { ok: false, reason: `chain ${chain.chainId}: not an Airlock evidence bundle: ${problem}`, chains: [] };
    const bundle = chain.bundle as EvidenceBundle;
    if (bundle.session.id !== sessionId) return { ok: false, reason: `chain ${chain.chainId} is a bundle of session ${bundle.session.id}, not ${sessionId}`, chains: [] };
    recorded.push({ chainId: chain.chainId, events: bundle.events, checkpoint: bundle.proof.checkpoint });
  }
  const findings = verifyRecordedSession(sessionId, recorded, key);
  const broken = findings.find((f) => !f.ok);
  return broken ? { ok: false, reason: `chain ${broken.chainId}: ${broken.reason ?? "broken"}`, chains: findings } : { ok: true, chains: findings };
}

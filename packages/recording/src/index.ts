export type {
  ApprovalAbandonedPayload,
  ApprovalApprovedPayload,
  ApprovalDeniedPayload,
  ApprovalExpiredPayload,
  ApprovalPendingPayload,
  ConnectionKind,
  Direction,
  ErrorPayload,
  EventEnvelope,
  ExchangeDigest,
  EventPayloads,
  EventType,
  ExchangeChunksPayload,
  ExchangeDecisionPayload,
  ExchangeEndPayload,
  ExchangeRequestPayload,
  ExchangeResponsePayload,
  FoldedResponse,
  GuardrailBlockPayload,
  GuardrailVerdict,
  IdentityRef,
  JsonPrimitive,
  JsonValue,
  MaskAppliedPayload,
  MaskingFinding,
  MessageSummary,
  RecordedError,
  RecordedEvent,
  ReviewerRef,
  SessionEndPayload,
  SessionSealPayload,
  SessionStartPayload,
  CompactSqlStatement,
  SqlStatementPayload,
  SqlStatementsPayload,
  TokenUsage,
  ToolCallSummary,
  ToolSummary,
} from "./events";
export { EVENT_TYPES, isEventType } from "./events";
export type { StoredEvent } from "./stored-event";
export { fromStoredEvent, normaliseAt } from "./stored-event";
export { canonicalEncode, canonicalNumber, canonicalString, storableString, type CanonicalOptions } from "./canonical";
export type { ChainHead, EncodedEventFields, HashableEvent, SegmentTail } from "./chain";
export { GENESIS_HASH, computeEncodedEventHash, computeEventHash, mergeHeads, segmentTails, sessionHead } from "./chain";
export type { ChainBuilderOptions, NewEvent } from "./chain-builder";
export { ChainBuilder } from "./chain-builder";
export type { ChainBreak, ChainVerdict } from "./verify-chain";
export { verifyChain } from "./verify-chain";
export type { Checkpoint, CheckpointKey } from "./checkpoint";
export { CHECKPOINT_SCHEME, checkpoint, isCheckpoint, verifyCheckpoint } from "./checkpoint";
export type { SessionVerdict } from "./verify-session";
export { compareWithCheckpoint, verifySession } from "./verify-session";
export type { ReplayChunk } from "./chunks";
export { expandChunks } from "./chunks";
export type { ReplayStatement } from "./statements";
export { expandStatements } from "./statements";
export { expandExchangeParts } from "./exchange-parts";
export type { ReplayStep } from "./replay";
export { replayTimeline } from "./replay";
export { describeEvent } from "./describe-event";
export type { SealedDigest } from "./seal";
export { SEAL_EVENT_TYPE, exchangeDigest, isSealStream, sealPayload, sealedDigests } from "./seal";
export type { ChainFinding, RecordedChain, SessionSummary } from "./verify-recorded-session";
export { summariseFindings, verifyRecordedSession } from "./verify-recorded-session";
export type { EvidenceBundle, EvidenceSession, EvidenceVerdict, ExportedChain, SessionEvidenceVerdict } from "./evidence";
export { EVIDENCE_FORMAT, buildEvidenceBundle, verifyEvidenceBundle, verifySessionEvidence } from "./evidence";

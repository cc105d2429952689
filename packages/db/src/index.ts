export { createDb, type Db, type DbOptions } from "./client";
export * from "./generated/client";
export { applyMigrations } from "./migrate/apply";
export { diffMigrationsToSchema } from "./migrate/diff";
export { describeDbError } from "./errors";
export { encryptSecret, decryptSecret, parseMasterKey, generateMasterKey, credentialHint, MasterKeyError } from "./secrets";
export {
  generateApiKey,
  generateAccessToken,
  hashToken,
  displayPrefix,
  apiKeyColumns,
  pgUserFor,
  API_KEY_PREFIX,
  ACCESS_TOKEN_PREFIX,
  PG_USER_PREFIX,
} from "./keys";
export { deriveScramVerifier, formatScramVerifier, parseScramVerifier, hmacSha256, sha256, SCRAM_MECHANISM, SCRAM_ITERATIONS, type ScramVerifier } from "./scram";
export { NOTIFY } from "./channels";
export {
  recordApprovalDecision,
  ApprovalDecisionError,
  DEFAULT_RETRY_WINDOW_SECONDS,
  type ApprovalDecisionInput,
  type ApprovalDecisionResult,
  type ApprovalDecisionErrorCode,
} from "./approvals/record-decision";
export { deriveHashKey } from "./hash-key";

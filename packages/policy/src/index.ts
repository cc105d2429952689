// @airlock/policy: the pure decision logic of Airlock (no I/O). Compile rules once, evaluate many times.

export type { Direction } from "./types";
export { UserRegexError, RuleCompileError, type UserRegexProblem } from "./errors";

export { BUILTIN_DETECTORS, isDetectorId, detectorHoldback, type DetectorId } from "./detectors";

export {
  compileUserRegex,
  USER_REGEX_LIMITS,
  type UserRegex,
  type UserRegexMatch,
} from "./regex/compileUserRegex";

export { compileMasker } from "./masking/compileMasker";
export type {
  MaskStyle,
  MaskingRuleSpec,
  Finding,
  MaskResult,
  Masker,
  StreamMasker,
  CompileMaskerOptions,
} from "./masking/types";

export { createPseudonymizer, type Pseudonymizer, type RestoreStream } from "./pseudonym/pseudonymizer";

export { compileGuardrails } from "./guardrails/compileGuardrails";
export type { GuardrailRuleSpec, GuardrailInput, Verdict, Guardrails } from "./guardrails/types";
export type { TextBlockers } from "./guardrails/textBlockers";

export { classifySql } from "./sql/classifySql";
export { SQL_CLASSES, type SqlClass, type ClassifiedStatement } from "./sql/sqlClass";

export { compileApprovalPolicies } from "./approvals/compileApprovalPolicies";
export type {
  ApprovalPolicySpec,
  ApprovalContext,
  ApprovalHighlight,
  ApprovalMatch,
  ApprovalPolicies,
} from "./approvals/types";

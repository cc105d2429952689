import type { DetectorId } from "../detectors";
import type { SqlClass } from "../sql/sqlClass";

/** Every criterion left empty matches anything; all given criteria must match. */
export interface ApprovalPolicySpec {
  id: string;
  name: string;
  enabled: boolean;
  connectionIds?: string[];
  /** Identities (key owners, service accounts, users); globs ok. */
  identities?: string[];
  /** Globs ok. */
  models?: string[];
  /** Matches when any of these built-in detectors finds something in the texts. */
  detectors?: DetectorId[];
  /** Matches when the pattern is found in any text. */
  pattern?: string;
  flags?: string;
  /** Globs ok; matches when any requested tool matches. */
  toolNames?: string[];
  /** Matches when any statement involves one of these classes. */
  sqlClasses?: SqlClass[];
}

export interface ApprovalContext {
  connectionId: string;
  identity: string;
  model?: string;
  texts?: string[];
  toolNames?: string[];
  sql?: string;
}

/** A span the console can highlight: in texts[textIndex], or in ctx.sql when textIndex is -1. */
export interface ApprovalHighlight {
  start: number;
  end: number;
  textIndex: number;
}

export interface ApprovalMatch {
  policy: ApprovalPolicySpec;
  highlights: ApprovalHighlight[];
}

export interface ApprovalPolicies {
  /** The first enabled policy (in the given order) that matches, or null. */
  match(ctx: ApprovalContext): ApprovalMatch | null;
}

import type { DetectorId } from "../detectors";
import type { TextBlockers } from "../guardrails/textBlockers";
import type { Verdict } from "../guardrails/types";
import type { Pseudonymizer } from "../pseudonym/pseudonymizer";
import type { Direction } from "../types";

export type MaskStyle = "label" | "partial" | "hash" | "pseudonym";

export interface MaskingRuleSpec {
  id: string;
  name: string;
  enabled: boolean;
  detector: DetectorId | "regex";
  /** For detector "regex"; vetted by compileUserRegex. */
  pattern?: string;
  flags?: string;
  /** Defaults to the upper-cased detector id, e.g. EMAIL. */
  label?: string;
  directions: Direction[];
  style: MaskStyle;
}

/** Where something was masked. Never carries the value itself. */
export interface Finding {
  ruleId: string;
  detector: string;
  /** Offsets into the original text (for a stream: into everything pushed so far). */
  start: number;
  end: number;
  direction: Direction;
}

export interface MaskResult {
  text: string;
  findings: Finding[];
}

export interface Masker {
  /**
   * Masks a whole text. Pseudonym-style rules use `pseudonyms` (pass the conversation's
   * pseudonymizer to be able to restore); without one, placeholders are consistent within the call.
   */
  maskText(text: string, pseudonyms?: Pseudonymizer): MaskResult;
  /**
   * A masker for one stream; its output concatenated equals maskText of the whole input. With
   * `blockers` (Guardrails.textBlockers) it also stops at the first text-rule match: see
   * StreamMasker.blocked.
   */
  createStream(pseudonyms?: Pseudonymizer, blockers?: TextBlockers): StreamMasker;
  /** True when no rule applies in this direction: callers can skip masking altogether. */
  readonly isEmpty: boolean;
}

export interface StreamMasker {
  /** Adds a chunk; returns the masked text that is now safe to emit (possibly ""). */
  push(delta: string): string;
  /** Ends the stream; returns the rest. */
  flush(): string;
  /** Everything masked so far, in order. */
  readonly findings: readonly Finding[];
  /**
   * Set once a text rule matched (or failed, which blocks too): the output so far ends before the
   * match's first character (and before any masked value reaching into it), and the stream is
   * over: later push() and flush() return "". Text before the match that was still held back for
   * masking is not released. Always null without blockers.
   */
  readonly blocked: Verdict | null;
}

export interface CompileMaskerOptions {
  /** Key for the "hash" style's HMAC-SHA256; keep it secret and stable to correlate across sessions. */
  hashKey: Uint8Array | string;
  direction: Direction;
}

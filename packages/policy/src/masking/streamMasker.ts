import type { TextBlockers } from "../guardrails/textBlockers";
import type { Verdict } from "../guardrails/types";
import type { Pseudonymizer } from "../pseudonym/pseudonymizer";
import type { MaskEngine } from "./maskEngine";
import type { Finding, StreamMasker } from "./types";

/**
 * Emits every character whose masking can no longer change, holding back only the tail that could
 * still start or extend a match (see pendingStart). Each push re-examines the held tail together
 * with the new chunk, and a few already-emitted characters as context for lookbehinds, so the
 * decisions are exactly those maskText makes on the whole input.
 *
 * Text rules (blockers) use the same holdback: a character goes out only once no text-rule match
 * can still cover it, so the first match is found before any of its characters has been emitted,
 * and the stream stops there.
 */
export class EngineStreamMasker implements StreamMasker {
  readonly findings: Finding[] = [];
  blocked: Verdict | null = null;
  /** Last emitted characters (original text), for lookbehinds. */
  private context = "";
  private pending = "";
  /** Stream offset of pending[0]. */
  private emitted = 0;
  /** Stream offset before which every start has been checked against the text rules. */
  private checkedTo = 0;
  private ended = false;
  private readonly contextLength: number;

  constructor(
    private readonly engine: MaskEngine,
    private readonly pseudonyms: Pseudonymizer,
    private readonly blockers: TextBlockers | null = null,
  ) {
    this.contextLength = blockers === null ? engine.contextLength : Math.max(engine.contextLength, blockers.contextLength);
  }

  push(delta: string): string {
    if (this.blocked !== null) return "";
    if (this.ended) throw new Error("push() after flush(): a stream masker serves one stream");
    if (delta.length === 0) return "";
    this.pending += delta;
    return this.drain(false);
  }

  flush(): string {
    if (this.ended) return "";
    this.ended = true;
    return this.drain(true);
  }

  private drain(final: boolean): string {
    const text = this.context + this.pending;
    const from = this.context.length;
    const end = text.length;
    let cut = final ? end : this.engine.pendingStart(text, from, end);
    // Nothing at or after `limit` may go out: a text rule's match may still (or does) start there.
    const limit = this.blockers === null ? end : this.checkText(this.blockers, text, from, end, final);
    if (cut > limit) cut = limit;
    if (cut === from) return "";
    const selected = this.engine.select(text, from, cut);
    // A decided match may run past the cut; emit it whole. Matches starting under it would have
    // lost to it anyway. One reaching past `limit` waits (or, once blocked, never goes out), as its
    // replacement may show characters from there ("partial" style).
    const last = selected[selected.length - 1];
    if (last !== undefined && last.end > cut) {
      if (last.end <= limit) cut = last.end;
      else {
        selected.pop();
        cut = last.start;
        if (cut === from) return "";
      }
    }
    const out = this.engine.render(text, from, cut, selected, this.pseudonyms, this.emitted - from, this.findings);
    this.emitted += cut - from;
    this.context = text.slice(Math.max(0, cut - this.contextLength), cut);
    this.pending = text.slice(cut);
    return out;
  }

  /**
   * Checks the starts not yet checked whose fate is decided; returns the index before which no
   * text-rule match covers any character, blocking the stream when a match (or a failure) is found.
   */
  private checkText(blockers: TextBlockers, text: string, from: number, end: number, final: boolean): number {
    const checked = Math.max(from, from + this.checkedTo - this.emitted);
    try {
      const decided = final ? end : blockers.pendingStart(text, from, end);
      if (decided <= checked) return checked;
      const match = blockers.firstMatch(text, checked, decided);
      if (match !== null) {
        this.block(match.verdict);
        return match.start;
      }
      this.checkedTo = this.emitted + decided - from;
      return decided;
    } catch (error) {
      this.block(blockers.failure(error));
      return from;
    }
  }

  private block(verdict: Verdict): void {
    this.blocked = verdict;
    this.ended = true;
  }
}

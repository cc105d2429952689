import type { Pseudonymizer } from "../pseudonym/pseudonymizer";
import type { MaskEngine } from "./maskEngine";
import type { Finding, StreamMasker } from "./types";

/**
 * Emits every character whose masking can no longer change, holding back only the tail that could
 * still start or extend a match (see pendingStart). Each push re-examines the held tail together
 * with the new chunk, and a few already-emitted characters as context for lookbehinds, so the
 * decisions are exactly those maskText makes on the whole input.
 */
export class EngineStreamMasker implements StreamMasker {
  readonly findings: Finding[] = [];
  /** Last emitted characters (original text), for lookbehinds. */
  private context = "";
  private pending = "";
  /** Stream offset of pending[0]. */
  private emitted = 0;
  private ended = false;

  constructor(
    private readonly engine: MaskEngine,
    private readonly pseudonyms: Pseudonymizer,
  ) {}

  push(delta: string): string {
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
    if (cut === from) return "";
    const selected = this.engine.select(text, from, cut);
    // A decided match may run past the cut; emit it whole. Matches starting under it would have
    // lost to it anyway.
    const last = selected[selected.length - 1];
    if (last !== undefined && last.end > cut) cut = last.end;
    const out = this.engine.render(text, from, cut, selected, this.pseudonyms, this.emitted - from, this.findings);
    this.emitted += cut - from;
    this.context = text.slice(Math.max(0, cut - this.engine.contextLength), cut);
    this.pending = text.slice(cut);
    return out;
  }
}

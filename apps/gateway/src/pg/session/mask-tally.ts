// Counts what was masked in one statement's results, by detector, for the recording (the values
// themselves are never kept).
import type { Finding } from "@airlock/policy";
import type { MaskingFinding } from "@airlock/recording";

export class MaskTally {
  /** Made on the first finding: most statements mask nothing, and one tally exists per statement. */
  #counts: Map<string, MaskingFinding> | null = null;

  add(findings: readonly Finding[]): void {
    for (const f of findings) this.#bump(`${f.detector}\0${f.ruleId}`, f.detector, f.ruleId);
  }

  addColumn(label: string): void {
    this.#bump(`column\0${label}`, `column:${label}`);
  }

  get empty(): boolean {
    return this.#counts === null;
  }

  toFindings(): MaskingFinding[] {
    return this.#counts === null ? [] : [...this.#counts.values()].map((f) => ({ ...f }));
  }

  #bump(key: string, detector: string, ruleId?: string): void {
    this.#counts ??= new Map();
    const entry = this.#counts.get(key);
    if (entry) entry.count++;
    else this.#counts.set(key, { detector, ...(ruleId ? { ruleId } : {}), count: 1 });
  }
}

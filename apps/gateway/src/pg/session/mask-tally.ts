// Counts what was masked in one statement's results, by detector, for the recording (the values
// themselves are never kept).
import type { Finding } from "@airlock/policy";
import type { MaskingFinding } from "@airlock/recording";

export class MaskTally {
  readonly #counts = new Map<string, MaskingFinding>();

  add(findings: readonly Finding[]): void {
    for (const f of findings) this.#bump(`${f.detector}\0${f.ruleId}`, f.detector, f.ruleId);
  }

  addColumn(label: string): void {
    this.#bump(`column\0${label}`, `column:${label}`);
  }

  get empty(): boolean {
    return this.#counts.size === 0;
  }

  toFindings(): MaskingFinding[] {
    return [...this.#counts.values()];
  }

  #bump(key: string, detector: string, ruleId?: string): void {
    const entry = this.#counts.get(key);
    if (entry) entry.count++;
    else this.#counts.set(key, { detector, ...(ruleId ? { ruleId } : {}), count: 1 });
  }
}

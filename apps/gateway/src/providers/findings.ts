import type { MaskingFinding } from "@airlock/recording";

/** Counts masking findings per detector and rule (never the values themselves). */
export class FindingTally {
  readonly #counts = new Map<string, MaskingFinding>();

  add(findings: readonly { detector: string; ruleId?: string }[]): void {
    for (const f of findings) {
      const key = `${f.detector}\u0000${f.ruleId ?? ""}`;
      const entry = this.#counts.get(key);
      if (entry) entry.count += 1;
      else this.#counts.set(key, { detector: f.detector, ...(f.ruleId ? { ruleId: f.ruleId } : {}), count: 1 });
    }
  }

  get size(): number {
    return this.#counts.size;
  }

  list(): MaskingFinding[] {
    return [...this.#counts.values()];
  }
}

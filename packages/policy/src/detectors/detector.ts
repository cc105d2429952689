import type { Scanner } from "../scan/scanner";
import type { DetectorId } from "./ids";

/** A built-in kind of sensitive value: how to find it and how to show it partially. */
export interface Detector {
  readonly id: DetectorId;
  readonly scanners: readonly Scanner[];
  /** The "partial" masking style: keeps a recognisable but non-identifying remainder. */
  partial(value: string): string;
  /** What the "hash" style hashes, so differently formatted copies of one value correlate. */
  canonical(value: string): string;
}

export function digitsOf(value: string): string {
  return value.replace(/\D/g, "");
}

export function lastDigits(value: string, count: number): string {
  return digitsOf(value).slice(-count);
}

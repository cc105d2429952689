/**
 * A set of UTF-16 code units. The streaming masker asks it, character by character, whether the
 * tail of a buffer could still belong to a match, so membership is a table lookup. One class with
 * one shape keeps those call sites monomorphic.
 */
export class CharMatcher {
  /**
   * table[code]: 2 inside, 1 outside, 0 not decided yet (only with `decide`); codes past the end of
   * the table are outside.
   */
  private constructor(
    private readonly table: Uint8Array,
    private readonly decide: ((code: number) => boolean) | null,
  ) {}

  has(code: number): boolean {
    const known = this.table[code];
    if (known !== 0) return known === 2;
    const inside = this.decide!(code);
    this.table[code] = inside ? 2 : 1;
    return inside;
  }

  /** An ASCII-only set given as inclusive ranges ("az") plus single characters. */
  static ascii(spec: { ranges?: readonly string[]; chars?: string }): CharMatcher {
    const table = new Uint8Array(128).fill(1);
    for (const range of spec.ranges ?? []) {
      const lo = range.charCodeAt(0);
      const hi = range.charCodeAt(1);
      if (range.length !== 2 || hi > 127 || lo > hi) throw new Error(`bad ASCII range '${range}'`);
      table.fill(2, lo, hi + 1);
    }
    for (const ch of spec.chars ?? "") {
      const code = ch.charCodeAt(0);
      if (code > 127) throw new Error(`'${ch}' is not ASCII`);
      table[code] = 2;
    }
    return new CharMatcher(table, null);
  }

  /** Any membership test (e.g. a set derived from a user's regex), each code unit decided once. */
  static memoized(decide: (code: number) => boolean): CharMatcher {
    return new CharMatcher(new Uint8Array(0x10000), decide);
  }
}

export const asciiSet = CharMatcher.ascii;

export function asciiChars(chars: string): CharMatcher {
  return CharMatcher.ascii({ chars });
}

export const memoizedMatcher = CharMatcher.memoized;

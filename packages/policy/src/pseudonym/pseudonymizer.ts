import { MAX_PLACEHOLDER_LENGTH, PLACEHOLDER_PATTERN, isPlaceholderChar, placeholderLabel } from "./placeholder";

/**
 * Reversible pseudonyms for one conversation: the provider sees `<EMAIL_1>`, the client gets the
 * original back. The same value under the same label always gets the same placeholder.
 */
export interface Pseudonymizer {
  /** The placeholder for `value`, e.g. `<EMAIL_1>`; `label` is normalised to [A-Z0-9_]. */
  placeholderFor(label: string, value: string): string;
  /** Replaces every placeholder this pseudonymizer issued with its original; others stay as they are. */
  restore(text: string): string;
  /** Restores a stream whose chunks may split a placeholder anywhere. */
  createRestoreStream(): RestoreStream;
  /** Number of distinct values pseudonymised so far. */
  readonly size: number;
}

export interface RestoreStream {
  /** Returns the restored text that is now safe to emit (a possible partial placeholder is held). */
  push(delta: string): string;
  /** Returns whatever is still held, restored. */
  flush(): string;
}

export function createPseudonymizer(): Pseudonymizer {
  const byValue = new Map<string, string>(); // label + NUL + value -> placeholder
  const byPlaceholder = new Map<string, string>(); // placeholder -> value
  const counters = new Map<string, number>();

  const restore = (text: string): string =>
    byPlaceholder.size === 0 || !text.includes("<")
      ? text
      : text.replace(PLACEHOLDER_PATTERN, (placeholder) => byPlaceholder.get(placeholder) ?? placeholder);

  return {
    placeholderFor(label, value) {
      const name = placeholderLabel(label);
      const key = `${name}\u0000${value}`;
      const known = byValue.get(key);
      if (known !== undefined) return known;
      const n = (counters.get(name) ?? 0) + 1;
      counters.set(name, n);
      const placeholder = `<${name}_${n}>`;
      byValue.set(key, placeholder);
      byPlaceholder.set(placeholder, value);
      return placeholder;
    },
    restore,
    createRestoreStream: () => createRestoreStream(restore),
    get size() {
      return byPlaceholder.size;
    },
  };
}

/**
 * A placeholder can only straddle a chunk boundary if the buffer ends with "<" followed by
 * placeholder characters and is still short enough to be one. Only the last "<" can qualify (an
 * earlier one would have that "<" inside it), so that is all that is ever held back.
 */
function createRestoreStream(restore: (text: string) => string): RestoreStream {
  let pending = "";
  return {
    push(delta) {
      const text = pending + delta;
      const hold = partialPlaceholderStart(text);
      pending = text.slice(hold);
      return restore(text.slice(0, hold));
    },
    flush() {
      const rest = pending;
      pending = "";
      return restore(rest);
    },
  };
}

function partialPlaceholderStart(text: string): number {
  const open = text.lastIndexOf("<");
  if (open === -1 || text.length - open >= MAX_PLACEHOLDER_LENGTH) return text.length;
  for (let i = open + 1; i < text.length; i++) if (!isPlaceholderChar(text.charCodeAt(i))) return text.length;
  return open;
}

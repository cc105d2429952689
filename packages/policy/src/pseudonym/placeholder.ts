/** Longest label a placeholder carries; longer labels are cut. */
export const MAX_PLACEHOLDER_LABEL = 32;

/** `<LABEL_N>`: upper-case letters, digits and underscores between angle brackets. */
export const PLACEHOLDER_PATTERN = /<[A-Z0-9_]{1,48}>/g;

/** The longest placeholder text: "<" + label + "_" + up to 9 digits + ">". */
export const MAX_PLACEHOLDER_LENGTH = MAX_PLACEHOLDER_LABEL + 12;

/** Turns a rule label into something a placeholder can carry: "Customer id" → "CUSTOMER_ID". */
export function placeholderLabel(label: string): string {
  const cleaned = label
    .toUpperCase()
    .replace(/[^A-Z0-9_]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .slice(0, MAX_PLACEHOLDER_LABEL);
  return cleaned === "" ? "REDACTED" : cleaned;
}

export function isPlaceholderChar(code: number): boolean {
  return (code >= 65 && code <= 90) || (code >= 48 && code <= 57) || code === 95;
}

/** Joins class names, skipping falsy ones (too small a job for a dependency). */
export function cx(...parts: (string | false | null | undefined)[]): string {
  return parts.filter(Boolean).join(" ");
}

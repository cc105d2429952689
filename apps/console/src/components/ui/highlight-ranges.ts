/** A stretch of text, marked when a policy matched it. */
export interface Segment {
  text: string;
  marked: boolean;
}

/**
 * Splits `text` at the highlight ranges (clamped to the text, overlaps merged). Ranges are
 * clamped because the text shown may be shorter than the one they were taken on (a long message is
 * cut for display; approvals recorded by older gateways have offsets taken before masking).
 */
export function segment(text: string, ranges: readonly { start: number; end: number }[]): Segment[] {
  const clean = ranges
    .map((r) => ({ start: Math.max(0, Math.min(text.length, r.start)), end: Math.max(0, Math.min(text.length, r.end)) }))
    .filter((r) => r.end > r.start)
    .sort((a, b) => a.start - b.start);
  const merged: { start: number; end: number }[] = [];
  for (const r of clean) {
    const last = merged.at(-1);
    if (last && r.start <= last.end) last.end = Math.max(last.end, r.end);
    else merged.push({ ...r });
  }
  const out: Segment[] = [];
  let at = 0;
  for (const r of merged) {
    if (r.start > at) out.push({ text: text.slice(at, r.start), marked: false });
    out.push({ text: text.slice(r.start, r.end), marked: true });
    at = r.end;
  }
  if (at < text.length) out.push({ text: text.slice(at), marked: false });
  return out;
}

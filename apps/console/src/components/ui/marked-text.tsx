import { cx } from "./cx";
import { segment } from "./highlight-ranges";

/** `text` with the given ranges in <mark>: what a policy matched, or what a masking rule would replace. */
export function MarkedText({ text, ranges, markClassName }: { text: string; ranges: readonly { start: number; end: number }[]; markClassName?: string }) {
  return (
    <>
      {segment(text, ranges).map((s, i) =>
        s.marked ? (
          <mark key={i} className={cx("rounded bg-amber-200 text-amber-950 dark:bg-amber-500/40 dark:text-amber-50", markClassName)}>
            {s.text}
          </mark>
        ) : (
          <span key={i}>{s.text}</span>
        ),
      )}
    </>
  );
}

"use client";
import type { ReactNode } from "react";
import { Button } from "./button";
import { CopyBox } from "./copy-box";
import { cx } from "./cx";

/**
 * A secret that exists in full only in the answer that created it (a key, a token): shown once,
 * with a warning people must notice, a Copy button, and "I have copied it" to put it away.
 * With `label` the panel is a named region (and `heading` titles it); `children` go below the value.
 */
export function ShownOnce({ label, heading, warning, value, valueLabel, onDone, compact = false, className, children }: {
  label?: string;
  heading?: ReactNode;
  warning: ReactNode;
  value: string;
  valueLabel: string;
  onDone: () => void;
  compact?: boolean;
  className?: string;
  children?: ReactNode;
}) {
  return (
    <section
      aria-label={label}
      className={cx(
        "border border-amber-300 bg-amber-50 dark:border-amber-800 dark:bg-amber-950/60",
        compact ? "space-y-2 rounded-md p-3" : "space-y-3 rounded-lg p-4",
        className,
      )}
    >
      {heading ? <h2 className="text-sm font-semibold text-amber-900 dark:text-amber-200">{heading}</h2> : null}
      <p role="alert" className="text-sm text-amber-900 dark:text-amber-200">
        {warning}
      </p>
      <CopyBox value={value} label={valueLabel} />
      {children}
      <Button size={compact ? "sm" : "md"} onClick={onDone}>
        I have copied it
      </Button>
    </section>
  );
}

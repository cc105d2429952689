"use client";
import type { FormHTMLAttributes } from "react";
import { ErrorAlert } from "./alert";
import { Button } from "./button";
import { cx } from "./cx";

/** A form handled in the page: submitting runs `onSubmit` (if any) instead of navigating. */
export function Form({ onSubmit, ...rest }: Omit<FormHTMLAttributes<HTMLFormElement>, "onSubmit"> & { onSubmit?: () => void }) {
  return (
    <form
      {...rest}
      onSubmit={(e) => {
        e.preventDefault();
        onSubmit?.();
      }}
    />
  );
}

/**
 * The end of an editing form: the save error, then the submit and Cancel buttons. `className`
 * goes on both rows (typically a grid column span).
 */
export function FormActions({ submitLabel, busy, disabled, error, onCancel, className }: {
  submitLabel: string;
  busy: boolean;
  disabled?: boolean;
  error: unknown;
  onCancel: () => void;
  className?: string;
}) {
  return (
    <>
      <ErrorAlert error={error} className={className} />
      <div className={cx("flex gap-2", className)}>
        <Button type="submit" variant="primary" busy={busy} disabled={disabled}>
          {submitLabel}
        </Button>
        <Button onClick={onCancel}>Cancel</Button>
      </div>
    </>
  );
}

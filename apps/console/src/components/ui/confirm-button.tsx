"use client";
import { useState, type ReactNode } from "react";
import { ErrorAlert } from "./alert";
import { Button, type ButtonProps } from "./button";
import { ConfirmDialog } from "./dialog";

/**
 * A button for an action that cannot be undone (revoke, delete, purge): it asks first, runs
 * `onConfirm` with a `close` to call once the action succeeded, and shows the action's error in
 * the dialog. The other props style the button itself. The (closed, hidden) dialog comes first so
 * the button stays its container's last child for spacing utilities such as space-y.
 */
export function ConfirmButton({ title, confirmLabel, message, busy, error, onConfirm, children, ...button }: Omit<ButtonProps, "onClick" | "title" | "busy"> & {
  title: string;
  confirmLabel: string;
  message: ReactNode;
  busy: boolean;
  error: unknown;
  onConfirm: (close: () => void) => void;
}) {
  const [open, setOpen] = useState(false);
  const close = () => setOpen(false);
  return (
    <>
      <ConfirmDialog
        open={open}
        title={title}
        confirmLabel={confirmLabel}
        busy={busy}
        onCancel={close}
        onConfirm={() => onConfirm(close)}
        error={<ErrorAlert error={error} className="mt-3" />}
      >
        {message}
      </ConfirmDialog>
      <Button {...button} onClick={() => setOpen(true)}>
        {children}
      </Button>
    </>
  );
}

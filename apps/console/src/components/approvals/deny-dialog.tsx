"use client";
import { useState } from "react";
import { ErrorAlert } from "../ui/alert";
import { Button } from "../ui/button";
import { Dialog } from "../ui/dialog";
import { TextAreaField } from "../ui/field";
import { Form } from "../ui/form";

/** Denial needs a reason: the requester's client receives it in the error. */
export function DenyDialog({ open, requester, busy, error, onCancel, onDeny }: {
  open: boolean;
  requester: string;
  busy: boolean;
  error: unknown;
  onCancel: () => void;
  onDeny: (reason: string) => void;
}) {
  const [reason, setReason] = useState("");
  const close = () => {
    setReason("");
    onCancel();
  };
  return (
    <Dialog open={open} onClose={close} title={`Deny the request from ${requester}`}>
      <Form
        className="space-y-3"
        onSubmit={() => {
          if (reason.trim()) onDeny(reason.trim());
        }}
      >
        <TextAreaField
          label="Reason"
          hint="The requester sees this."
          rows={3}
          required
          autoFocus
          value={reason}
          onChange={(e) => setReason(e.target.value)}
          className="font-sans"
        />
        <ErrorAlert error={error} />
        <div className="flex justify-end gap-2">
          <Button onClick={close}>Cancel</Button>
          <Button type="submit" variant="danger" busy={busy} disabled={!reason.trim()}>
            Deny request
          </Button>
        </div>
      </Form>
    </Dialog>
  );
}

"use client";
import type { ApiKeyCreated } from "@/hooks/use-keys";
import { ShownOnce } from "../ui/shown-once";

/** The key exists in full only in this answer: show it once, with a warning. */
export function NewKeyPanel({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  return (
    <ShownOnce
      label="Your new key"
      heading={<>Copy the key for “{created.name}” now</>}
      warning="This is the only time the key is shown. Airlock stores a hash of it and cannot show it again; if it is lost, revoke it and create another."
      value={created.key}
      valueLabel="New key"
      onDone={onDone}
      className="mb-6"
    />
  );
}

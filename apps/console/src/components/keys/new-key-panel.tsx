"use client";
import type { ApiKeyCreated } from "@/hooks/use-keys";
import { Button } from "../ui/button";
import { CopyBox } from "../ui/copy-box";

/** The key exists in full only in this answer: show it once, with a warning. */
export function NewKeyPanel({ created, onDone }: { created: ApiKeyCreated; onDone: () => void }) {
  return (
    <section
      aria-label="Your new key"
      className="mb-6 space-y-3 rounded-lg border border-amber-300 bg-amber-50 p-4 dark:border-amber-800 dark:bg-amber-950/60"
    >
      <h2 className="text-sm font-semibold text-amber-900 dark:text-amber-200">Copy the key for “{created.name}” now</h2>
      <p role="alert" className="text-sm text-amber-900 dark:text-amber-200">
        This is the only time the key is shown. Airlock stores a hash of it and cannot show it again; if it is lost, revoke it and
        create another.
      </p>
      <CopyBox value={created.key} label="New key" />
      <Button onClick={onDone}>I have copied it</Button>
    </section>
  );
}

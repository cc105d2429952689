"use client";
import type { ApiKeyCreated } from "@/hooks/use-keys";
import { CopyBox } from "../ui/copy-box";
import { ShownOnce } from "../ui/shown-once";

/**
 * The key exists in full only in this answer: show it once, with a warning, together with what a
 * Postgres client needs (the key's user name, which selects it for SCRAM, and a connection string).
 */
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
    >
      {created.pgUser ? (
        <div className="space-y-2 pt-1">
          <p className="text-sm text-amber-900 dark:text-amber-200">
            For PostgreSQL clients: connect with this user name and the key as the password (SCRAM-SHA-256).
          </p>
          <CopyBox value={created.pgUser} label="Postgres user name" />
          <CopyBox value={created.postgresUrl} label="Postgres connection string" />
        </div>
      ) : null}
    </ShownOnce>
  );
}

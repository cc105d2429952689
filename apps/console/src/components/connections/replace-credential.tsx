"use client";
import { useState } from "react";
import { useUpdateConnection, type Connection } from "@/hooks/use-connections";
import { ErrorAlert } from "../ui/alert";
import { Button } from "../ui/button";
import { TextField } from "../ui/field";
import { Form } from "../ui/form";

/** Write-only: a new credential replaces the stored one; only its hint is ever shown. */
export function ReplaceCredential({ connection }: { connection: Connection }) {
  const update = useUpdateConnection();
  const [value, setValue] = useState("");
  return (
    <Form
      className="space-y-2"
      onSubmit={() => {
        if (value) update.mutate({ id: connection.id, credential: value }, { onSuccess: () => setValue("") });
      }}
    >
      <div className="flex items-end gap-2">
        <TextField
          label="New credential"
          type="password"
          autoComplete="new-password"
          value={value}
          onChange={(e) => setValue(e.target.value)}
          fieldClassName="flex-1"
          hint={connection.credentialHint ? `Stored: ${connection.credentialHint}` : "No credential stored"}
        />
        <Button type="submit" busy={update.isPending} disabled={!value}>
          Replace
        </Button>
      </div>
      <ErrorAlert error={update.error} />
    </Form>
  );
}

"use client";
import type { ReactNode } from "react";
import { ErrorAlert, Loading } from "../ui/alert";
import { Card } from "../ui/card";
import { RuleList, type RuleRow } from "./rule-list";

/** One kind of rule: its editor (when open) above the saved list. */
export function RulesTab({ title, noun, description, editing, editor, isPending, error, rows, canWrite, onEdit, remove }: {
  title: string;
  /** One of them, for "New …" and "Edit …". */
  noun: string;
  description: string;
  editing: string | null;
  editor: ReactNode;
  isPending: boolean;
  error: unknown;
  rows: RuleRow[];
  canWrite: boolean;
  onEdit: (id: string) => void;
  remove: { mutate: (id: string, options: { onSuccess: () => void }) => void; isPending: boolean; error: unknown };
}) {
  return (
    <>
      {editing !== null ? <Card title={editing === "new" ? `New ${noun}` : `Edit ${noun}`}>{editor}</Card> : null}
      <Card title={title} description={description}>
        <ErrorAlert error={error} />
        {isPending ? (
          <Loading />
        ) : (
          <RuleList
            label={title}
            canWrite={canWrite}
            rows={rows}
            onEdit={onEdit}
            onDelete={(id, done) => remove.mutate(id, { onSuccess: done })}
            deleting={remove.isPending}
            deleteError={remove.error}
          />
        )}
      </Card>
    </>
  );
}

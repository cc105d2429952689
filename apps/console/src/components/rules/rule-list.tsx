"use client";
import type { ReactNode } from "react";
import { EmptyState } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmButton } from "../ui/confirm-button";

export interface RuleRow {
  id: string;
  name: string;
  enabled: boolean;
  summary: ReactNode;
}

/** The saved rules of one kind, each with Edit and Delete. */
export function RuleList({ label, rows, canWrite, onEdit, onDelete, deleting, deleteError }: {
  label: string;
  rows: RuleRow[];
  canWrite: boolean;
  onEdit: (id: string) => void;
  onDelete: (id: string, done: () => void) => void;
  deleting: boolean;
  deleteError: unknown;
}) {
  if (rows.length === 0) return <EmptyState>None yet.</EmptyState>;
  return (
    <ul aria-label={label} className="divide-y divide-zinc-100 dark:divide-zinc-800">
      {rows.map((r) => (
        <li key={r.id} className="flex flex-wrap items-center gap-3 py-2.5">
          <div className="min-w-0 flex-1">
            <div className="flex items-center gap-2">
              <span className="font-medium">{r.name}</span>
              {r.enabled ? null : <Badge>Disabled</Badge>}
            </div>
            <div className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">{r.summary}</div>
          </div>
          {canWrite ? (
            <div className="flex gap-1">
              <Button size="sm" variant="ghost" onClick={() => onEdit(r.id)} aria-label={`Edit ${r.name}`}>
                Edit
              </Button>
              <ConfirmButton
                size="sm"
                variant="ghost"
                aria-label={`Delete ${r.name}`}
                title={`Delete “${r.name}”?`}
                confirmLabel="Delete"
                busy={deleting}
                error={deleteError}
                onConfirm={(close) => onDelete(r.id, close)}
                message="Gateways stop applying it at once."
              >
                Delete
              </ConfirmButton>
            </div>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

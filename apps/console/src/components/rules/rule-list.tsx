"use client";
import { useState, type ReactNode } from "react";
import { EmptyState, ErrorAlert } from "../ui/alert";
import { Badge } from "../ui/badge";
import { Button } from "../ui/button";
import { ConfirmDialog } from "../ui/dialog";

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
  const [target, setTarget] = useState<RuleRow | null>(null);
  if (rows.length === 0) return <EmptyState>None yet.</EmptyState>;
  return (
    <>
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
                <Button size="sm" variant="ghost" onClick={() => setTarget(r)} aria-label={`Delete ${r.name}`}>
                  Delete
                </Button>
              </div>
            ) : null}
          </li>
        ))}
      </ul>
      <ConfirmDialog
        open={target !== null}
        title={`Delete “${target?.name ?? ""}”?`}
        confirmLabel="Delete"
        busy={deleting}
        onCancel={() => setTarget(null)}
        onConfirm={() => target && onDelete(target.id, () => setTarget(null))}
        error={<ErrorAlert error={deleteError} className="mt-3" />}
      >
        Gateways stop applying it at once.
      </ConfirmDialog>
    </>
  );
}

"use client";
// What the masking and guardrail editors share: the form (name and connection first, Enabled and
// Save/Cancel last, the rule's own fields between) beside a live preview of the draft.
import type { ReactNode } from "react";
import type { Connection } from "@/hooks/use-connections";
import { ErrorAlert } from "../ui/alert";
import { CheckboxField, TextField } from "../ui/field";
import { Form, FormActions } from "../ui/form";
import { ConnectionScopeField } from "./rule-fields";

export interface CommonRuleDraft {
  name: string;
  connectionId: string | null;
  enabled: boolean;
}

export function RuleEditorFrame({ noun, rule, draft, set, connections, namePlaceholder, allConnectionsLabel, save, onSubmit, onDone, preview, previewError, children }: {
  /** "masking rule", "guardrail rule": names the form. */
  noun: string;
  /** The saved rule being edited; null for a new one. */
  rule: { name: string } | null;
  draft: CommonRuleDraft;
  set: (patch: Partial<CommonRuleDraft>) => void;
  connections: Connection[];
  namePlaceholder: string;
  allConnectionsLabel?: string;
  save: { isPending: boolean; error: unknown };
  onSubmit: () => void;
  onDone: () => void;
  preview: ReactNode;
  /** A preview error no field shows next to itself (null when one does). */
  previewError: string | null;
  children: ReactNode;
}) {
  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <Form aria-label={rule ? `Edit ${noun} ${rule.name}` : `New ${noun}`} className="grid gap-4 sm:grid-cols-2" onSubmit={onSubmit}>
        <TextField label="Rule name" required value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder={namePlaceholder} />
        <ConnectionScopeField value={draft.connectionId} onChange={(connectionId) => set({ connectionId })} connections={connections} allLabel={allConnectionsLabel} />
        {children}
        <CheckboxField label="Enabled" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        <FormActions submitLabel={rule ? "Save rule" : "Create rule"} busy={save.isPending} disabled={!draft.name} error={save.error} onCancel={onDone} className="sm:col-span-2" />
      </Form>
      <section aria-label="Live preview" className="rounded-lg border border-dashed border-zinc-300 p-4 dark:border-zinc-700">
        <h3 className="mb-3 text-sm font-semibold">Live preview</h3>
        {preview}
        {previewError ? <ErrorAlert error={new Error(previewError)} className="mt-2" /> : null}
      </section>
    </div>
  );
}

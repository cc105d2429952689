"use client";
import { useState } from "react";
import type { Connection } from "@/hooks/use-connections";
import { useSaveGuardrailRule, type GuardrailRule, type GuardrailRuleCreate } from "@/hooks/use-guardrail-rules";
import { ErrorAlert } from "../ui/alert";
import { Button } from "../ui/button";
import { CheckboxField, SelectField, TextField } from "../ui/field";
import { GuardrailPreview } from "./guardrail-preview";
import { ConnectionScopeField, DirectionsField, ListField, MultiCheckField, type Direction } from "./rule-fields";
import { SQL_CLASSES, type SqlClass } from "./rule-labels";

type Kind = GuardrailRuleCreate["kind"];
type Builtin = "shell" | "destructive_sql" | "";

const KINDS: Record<Kind, string> = {
  prompt: "Prompt content",
  tool_call: "Tool calls",
  model_allowlist: "Model allow-list",
  sql: "SQL statements",
};

interface Draft {
  name: string;
  connectionId: string | null;
  kind: Kind;
  directions: Direction[];
  builtin: Builtin;
  toolNames: string[];
  pattern: string;
  flags: string;
  models: string[];
  sqlClasses: SqlClass[];
  enabled: boolean;
}

function draftOf(rule: GuardrailRule | null): Draft {
  return {
    name: rule?.name ?? "",
    connectionId: rule?.connectionId ?? null,
    kind: (rule?.kind ?? "prompt") as Kind,
    directions: (rule?.directions ?? ["request", "response"]) as Direction[],
    builtin: (rule?.builtin ?? "") as Builtin,
    toolNames: rule?.toolNames ?? [],
    pattern: rule?.pattern ?? "",
    flags: rule?.flags ?? "",
    models: rule?.models ?? [],
    sqlClasses: (rule?.sqlClasses ?? []) as SqlClass[],
    enabled: rule?.enabled ?? true,
  };
}

/** Edits one guardrail rule (what is blocked outright), with a live verdict on a sample. */
export function GuardrailRuleEditor({ rule, connections, onDone }: { rule: GuardrailRule | null; connections: Connection[]; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const [previewError, setPreviewError] = useState<string | null>(null);
  const save = useSaveGuardrailRule();
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const usesPattern = draft.kind === "prompt" || draft.kind === "tool_call" || draft.kind === "sql";

  const body = {
    kind: draft.kind,
    directions: draft.directions,
    builtin: draft.builtin || null,
    toolNames: draft.kind === "tool_call" ? draft.toolNames.filter(Boolean) : [],
    pattern: usesPattern && draft.pattern ? draft.pattern : null,
    flags: usesPattern && draft.pattern && draft.flags ? draft.flags : null,
    models: draft.kind === "model_allowlist" ? draft.models.filter(Boolean) : [],
    sqlClasses: draft.kind === "sql" ? draft.sqlClasses : [],
    enabled: draft.enabled,
  };

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        aria-label={rule ? `Edit guardrail rule ${rule.name}` : "New guardrail rule"}
        className="grid gap-4 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ ...(rule ? { id: rule.id } : {}), name: draft.name, connectionId: draft.connectionId, ...body }, { onSuccess: onDone });
        }}
      >
        <TextField label="Rule name" required value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="No shell tools" />
        <ConnectionScopeField value={draft.connectionId} onChange={(connectionId) => set({ connectionId })} connections={connections} allLabel="Every connection that can enforce it" />
        <SelectField label="Inspects" value={draft.kind} onChange={(e) => set({ kind: e.target.value as Kind })}>
          {(Object.keys(KINDS) as Kind[]).map((k) => (
            <option key={k} value={k}>
              {KINDS[k]}
            </option>
          ))}
        </SelectField>
        <SelectField label="Built-in check" value={draft.builtin} onChange={(e) => set({ builtin: e.target.value as Builtin })}>
          <option value="">None</option>
          <option value="shell">Shell / command execution tools</option>
          <option value="destructive_sql">Destructive SQL</option>
        </SelectField>
        {draft.kind === "tool_call" ? (
          <ListField label="Tool names" value={draft.toolNames} onChange={(toolNames) => set({ toolNames })} placeholder="run_shell, exec" />
        ) : null}
        {draft.kind === "model_allowlist" ? (
          <ListField label="Allowed models" value={draft.models} onChange={(models) => set({ models })} placeholder="gpt-4o-mini, claude-3-5-haiku*" />
        ) : null}
        {usesPattern ? (
          <>
            <TextField
              label="Pattern"
              value={draft.pattern}
              onChange={(e) => set({ pattern: e.target.value })}
              className="font-mono"
              placeholder="ignore (all|previous) instructions"
              error={previewError ?? undefined}
            />
            <TextField label="Flags" value={draft.flags} onChange={(e) => set({ flags: e.target.value })} placeholder="i" hint="i, m, s, u" />
          </>
        ) : null}
        {draft.kind === "sql" ? (
          <div className="sm:col-span-2">
            <MultiCheckField legend="Statement classes" options={SQL_CLASSES} value={draft.sqlClasses} onChange={(sqlClasses) => set({ sqlClasses })} />
          </div>
        ) : null}
        <DirectionsField value={draft.directions} onChange={(directions) => set({ directions })} />
        <CheckboxField label="Enabled" checked={draft.enabled} onChange={(e) => set({ enabled: e.target.checked })} />
        <ErrorAlert error={save.error} className="sm:col-span-2" />
        <div className="flex gap-2 sm:col-span-2">
          <Button type="submit" variant="primary" busy={save.isPending} disabled={!draft.name}>
            {rule ? "Save rule" : "Create rule"}
          </Button>
          <Button onClick={onDone}>Cancel</Button>
        </div>
      </form>
      <section aria-label="Live preview" className="rounded-lg border border-dashed border-zinc-300 p-4 dark:border-zinc-700">
        <h3 className="mb-3 text-sm font-semibold">Live preview</h3>
        <GuardrailPreview rule={body} onError={setPreviewError} />
        {previewError && !usesPattern ? <ErrorAlert error={new Error(previewError)} className="mt-2" /> : null}
      </section>
    </div>
  );
}

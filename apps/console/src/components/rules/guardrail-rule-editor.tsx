"use client";
import { useState } from "react";
import type { Connection } from "@/hooks/use-connections";
import { useDraft } from "@/hooks/use-draft";
import { useSaveGuardrailRule, type GuardrailRule, type GuardrailRuleCreate } from "@/hooks/use-guardrail-rules";
import { SelectField } from "../ui/field";
import { GuardrailPreview } from "./guardrail-preview";
import { DirectionsField, ListField, MultiCheckField, PatternFields, type Direction } from "./rule-fields";
import { RuleEditorFrame } from "./rule-editor-frame";
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
  const [draft, set] = useDraft(() => draftOf(rule));
  const [previewError, setPreviewError] = useState<string | null>(null);
  const save = useSaveGuardrailRule();
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
    <RuleEditorFrame
      noun="guardrail rule"
      rule={rule}
      draft={draft}
      set={set}
      connections={connections}
      namePlaceholder="No shell tools"
      allConnectionsLabel="Every connection that can enforce it"
      save={save}
      onSubmit={() => save.mutate({ ...(rule ? { id: rule.id } : {}), name: draft.name, connectionId: draft.connectionId, ...body }, { onSuccess: onDone })}
      onDone={onDone}
      preview={<GuardrailPreview rule={body} onError={setPreviewError} />}
      previewError={usesPattern ? null : previewError}
    >
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
      {usesPattern ? <PatternFields pattern={draft.pattern} flags={draft.flags} onChange={set} placeholder="ignore (all|previous) instructions" error={previewError} /> : null}
      {draft.kind === "sql" ? (
        <div className="sm:col-span-2">
          <MultiCheckField legend="Statement classes" options={SQL_CLASSES} value={draft.sqlClasses} onChange={(sqlClasses) => set({ sqlClasses })} />
        </div>
      ) : null}
      <DirectionsField value={draft.directions} onChange={(directions) => set({ directions })} />
    </RuleEditorFrame>
  );
}

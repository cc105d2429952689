"use client";
import { useState } from "react";
import type { Connection } from "@/hooks/use-connections";
import { useSaveMaskingRule, type MaskingRule, type MaskingRuleCreate } from "@/hooks/use-masking-rules";
import { ErrorAlert } from "../ui/alert";
import { Button } from "../ui/button";
import { CheckboxField, SelectField, TextField } from "../ui/field";
import { MaskingPreview } from "./masking-preview";
import { ConnectionScopeField, DirectionsField, ListField, type Direction } from "./rule-fields";
import { DETECTOR_IDS, DETECTOR_LABELS, MASK_STYLES } from "./rule-labels";

type Draft = Required<Pick<MaskingRuleCreate, "name" | "detector" | "directions" | "style" | "columns" | "enabled" | "priority">> & {
  connectionId: string | null;
  pattern: string;
  flags: string;
  label: string;
};

function draftOf(rule: MaskingRule | null): Draft {
  return {
    name: rule?.name ?? "",
    connectionId: rule?.connectionId ?? null,
    detector: (rule?.detector ?? "email") as Draft["detector"],
    pattern: rule?.pattern ?? "",
    flags: rule?.flags ?? "",
    label: rule?.label ?? "",
    directions: (rule?.directions ?? ["request", "response"]) as Direction[],
    style: rule?.style ?? "label",
    columns: rule?.columns ?? [],
    enabled: rule?.enabled ?? true,
    priority: rule?.priority ?? 100,
  };
}

/** Edits one masking rule, with a live preview of what it masks. */
export function MaskingRuleEditor({ rule, connections, onDone }: { rule: MaskingRule | null; connections: Connection[]; onDone: () => void }) {
  const [draft, setDraft] = useState<Draft>(() => draftOf(rule));
  const [sample, setSample] = useState("");
  const [previewError, setPreviewError] = useState<string | null>(null);
  const save = useSaveMaskingRule();
  const set = (patch: Partial<Draft>) => setDraft((d) => ({ ...d, ...patch }));
  const isRegex = draft.detector === "regex";

  const ruleBody = {
    detector: draft.detector,
    pattern: isRegex ? draft.pattern || null : null,
    flags: isRegex ? draft.flags || null : null,
    label: draft.label || null,
    directions: draft.directions,
    style: draft.style,
    columns: draft.columns.filter(Boolean),
    enabled: draft.enabled,
    priority: draft.priority,
  };
  const previewRule = isRegex && !draft.pattern ? null : ruleBody;

  return (
    <div className="grid gap-6 lg:grid-cols-2">
      <form
        aria-label={rule ? `Edit masking rule ${rule.name}` : "New masking rule"}
        className="grid gap-4 sm:grid-cols-2"
        onSubmit={(e) => {
          e.preventDefault();
          save.mutate({ ...(rule ? { id: rule.id } : {}), name: draft.name, connectionId: draft.connectionId, ...ruleBody }, { onSuccess: onDone });
        }}
      >
        <TextField label="Rule name" required value={draft.name} onChange={(e) => set({ name: e.target.value })} placeholder="Customer e-mails" />
        <ConnectionScopeField value={draft.connectionId} onChange={(connectionId) => set({ connectionId })} connections={connections} />
        <SelectField label="Detector" value={draft.detector} onChange={(e) => set({ detector: e.target.value as Draft["detector"] })}>
          {DETECTOR_IDS.map((d) => (
            <option key={d} value={d}>
              {DETECTOR_LABELS[d]}
            </option>
          ))}
          <option value="regex">Custom regular expression</option>
        </SelectField>
        <SelectField label="Mask style" value={draft.style} onChange={(e) => set({ style: e.target.value as Draft["style"] })}>
          {(Object.keys(MASK_STYLES) as (keyof typeof MASK_STYLES)[]).map((s) => (
            <option key={s} value={s}>
              {MASK_STYLES[s]}
            </option>
          ))}
        </SelectField>
        {isRegex ? (
          <>
            <TextField
              label="Pattern"
              required
              value={draft.pattern}
              onChange={(e) => set({ pattern: e.target.value })}
              placeholder="ORD-\d{6}"
              className="font-mono"
              error={previewError ?? undefined}
              fieldClassName="sm:col-span-2"
            />
            <TextField label="Flags" value={draft.flags} onChange={(e) => set({ flags: e.target.value })} placeholder="i" hint="i, m, s, u" />
          </>
        ) : null}
        <TextField label="Label" value={draft.label} onChange={(e) => set({ label: e.target.value.toUpperCase() })} placeholder="ORDER_ID" hint="Shown in place of the value" />
        <DirectionsField value={draft.directions as Direction[]} onChange={(directions) => set({ directions })} />
        <TextField label="Priority" type="number" min={0} max={10000} value={draft.priority} onChange={(e) => set({ priority: Number(e.target.value) })} hint="Lower runs first" />
        <ListField label="Postgres columns" value={draft.columns} onChange={(columns) => set({ columns })} placeholder="email, *_phone" hint="Column-name globs masked whatever they contain" />
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
        <MaskingPreview rule={previewRule} sample={sample} onSampleChange={setSample} onError={setPreviewError} />
        {previewError && !isRegex ? <ErrorAlert error={new Error(previewError)} className="mt-2" /> : null}
      </section>
    </div>
  );
}

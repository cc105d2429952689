"use client";
import { useState } from "react";
import type { Connection } from "@/hooks/use-connections";
import { useDraft } from "@/hooks/use-draft";
import { useSaveMaskingRule, type MaskingRule, type MaskingRuleCreate } from "@/hooks/use-masking-rules";
import { SelectField, TextField } from "../ui/field";
import { MaskingPreview } from "./masking-preview";
import { DirectionsField, ListField, PatternFields, type Direction } from "./rule-fields";
import { RuleEditorFrame } from "./rule-editor-frame";
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
  const [draft, set] = useDraft(() => draftOf(rule));
  const [sample, setSample] = useState("");
  const [previewError, setPreviewError] = useState<string | null>(null);
  const save = useSaveMaskingRule();
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
    <RuleEditorFrame
      noun="masking rule"
      rule={rule}
      draft={draft}
      set={set}
      connections={connections}
      namePlaceholder="Customer e-mails"
      save={save}
      onSubmit={() => save.mutate({ ...(rule ? { id: rule.id } : {}), name: draft.name, connectionId: draft.connectionId, ...ruleBody }, { onSuccess: onDone })}
      onDone={onDone}
      preview={<MaskingPreview rule={previewRule} sample={sample} onSampleChange={setSample} onError={setPreviewError} />}
      previewError={isRegex ? null : previewError}
    >
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
      {isRegex ? <PatternFields required pattern={draft.pattern} flags={draft.flags} onChange={set} placeholder="ORD-\d{6}" error={previewError} fieldClassName="sm:col-span-2" /> : null}
      <TextField label="Label" value={draft.label} onChange={(e) => set({ label: e.target.value.toUpperCase() })} placeholder="ORDER_ID" hint="Shown in place of the value" />
      <DirectionsField value={draft.directions as Direction[]} onChange={(directions) => set({ directions })} />
      <TextField label="Priority" type="number" min={0} max={10000} value={draft.priority} onChange={(e) => set({ priority: Number(e.target.value) })} hint="Lower runs first" />
      <ListField label="Postgres columns" value={draft.columns} onChange={(columns) => set({ columns })} placeholder="email, *_phone" hint="Column-name globs masked whatever they contain" />
    </RuleEditorFrame>
  );
}

"use client";
// Inputs shared by the masking, guardrail and approval-policy editors.
import type { Connection } from "@/hooks/use-connections";
import { CheckboxField, SelectField, TextField } from "../ui/field";
import { parseList } from "./list-text";

export type Direction = "request" | "response";

export function DirectionsField({ value, onChange }: { value: Direction[]; onChange: (next: Direction[]) => void }) {
  const toggle = (d: Direction, on: boolean) => {
    const next = on ? [...new Set([...value, d])] : value.filter((x) => x !== d);
    if (next.length > 0) onChange(next);
  };
  return (
    <fieldset>
      <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">Applies to</legend>
      <div className="mt-1 flex gap-4">
        <CheckboxField label="Requests" checked={value.includes("request")} onChange={(e) => toggle("request", e.target.checked)} />
        <CheckboxField label="Responses" checked={value.includes("response")} onChange={(e) => toggle("response", e.target.checked)} />
      </div>
    </fieldset>
  );
}

export function ConnectionScopeField({ value, onChange, connections, allLabel = "Every connection" }: {
  value: string | null;
  onChange: (next: string | null) => void;
  connections: Connection[];
  allLabel?: string;
}) {
  return (
    <SelectField label="Connection" value={value ?? ""} onChange={(e) => onChange(e.target.value || null)}>
      <option value="">{allLabel}</option>
      {connections.map((c) => (
        <option key={c.id} value={c.id}>
          {c.name}
        </option>
      ))}
    </SelectField>
  );
}

/** A regular expression and its flags; `error` (from the preview) shows under the pattern. */
export function PatternFields({ pattern, flags, onChange, placeholder, error, required, fieldClassName }: {
  pattern: string;
  flags: string;
  onChange: (patch: { pattern?: string; flags?: string }) => void;
  placeholder: string;
  error: string | null;
  required?: boolean;
  fieldClassName?: string;
}) {
  return (
    <>
      <TextField
        label="Pattern"
        required={required}
        value={pattern}
        onChange={(e) => onChange({ pattern: e.target.value })}
        placeholder={placeholder}
        className="font-mono"
        error={error ?? undefined}
        fieldClassName={fieldClassName}
      />
      <TextField label="Flags" value={flags} onChange={(e) => onChange({ flags: e.target.value })} placeholder="i" hint="i, m, s, u" />
    </>
  );
}

/** A list of names typed as "a, b, c". */
export function ListField({ label, value, onChange, placeholder, hint }: {
  label: string;
  value: string[];
  onChange: (next: string[]) => void;
  placeholder?: string;
  hint?: string;
}) {
  return (
    <TextField
      label={label}
      value={value.join(", ")}
      placeholder={placeholder}
      hint={hint}
      onChange={(e) => onChange(parseList(e.target.value))}
      onBlur={() => onChange(value.filter(Boolean))}
    />
  );
}

export function MultiCheckField<T extends string>({ legend, options, value, onChange, labels }: {
  legend: string;
  options: readonly T[];
  value: readonly string[];
  onChange: (next: T[]) => void;
  labels?: Partial<Record<T, string>>;
}) {
  return (
    <fieldset>
      <legend className="text-sm font-medium text-zinc-800 dark:text-zinc-200">{legend}</legend>
      <div className="mt-1 flex flex-wrap gap-x-4 gap-y-1.5">
        {options.map((o) => (
          <CheckboxField
            key={o}
            label={labels?.[o] ?? o}
            checked={value.includes(o)}
            onChange={(e) => onChange((e.target.checked ? [...value, o] : value.filter((x) => x !== o)) as T[])}
          />
        ))}
      </div>
    </fieldset>
  );
}

"use client";
import { isoToLocalInput, localInputToIso } from "./datetime-local";
import { TextField } from "./field";

/** "From" and "To" pickers for a search, holding instants (undefined when cleared). */
export function TimeRangeFields({ from, to, onChange }: { from: string | undefined; to: string | undefined; onChange: (patch: { from?: string; to?: string }) => void }) {
  return (
    <>
      <TextField label="From" type="datetime-local" value={isoToLocalInput(from)} onChange={(e) => onChange({ from: localInputToIso(e.target.value) })} />
      <TextField label="To" type="datetime-local" value={isoToLocalInput(to)} onChange={(e) => onChange({ to: localInputToIso(e.target.value) })} />
    </>
  );
}

// Masks what the database returns before the client sees it: DataRow values (by column rule or by
// value detectors), COPY TO STDOUT data, and the text of notices, errors and notifications.
// RowDescription is never changed, so a client's idea of the result shape stays true; DataRow is
// re-encoded with the new lengths only when a value actually changed.
//
// Binary-format columns: text-like types (text, varchar, char, name, json, xml) are plain bytes in
// binary too and are handled as text; jsonb's binary form is a version byte plus text. Any other
// binary column matching a column rule is sent as NULL — we cannot write a label in, say, int8's
// binary form — and is not scanned by detectors (see docs/adr/0005-postgres-auth.md, "Masking").
import type { Masker } from "@airlock/policy";
import { decodeDataRow, encodeDataRow } from "../codec";
import { columnLabel, type CompiledColumnRule } from "./column-rules";
import { binaryIsText, columnKind, JSONB_OID, type ColumnKind } from "./column-types";
import type { MaskTally } from "./mask-tally";

export interface ColumnInfo {
  name: string;
  typeOid: number;
  /** 0 text, 1 binary. */
  format: number;
}

type ColumnAction =
  | { op: "pass" }
  /** Replace by a fixed value (the column rule's label, or NULL). */
  | { op: "replace"; value: Buffer | null; label: string }
  /** Run value detectors; on a hit, keep the masked text or (for types a label breaks) NULL. */
  | { op: "scan"; kind: ColumnKind; jsonbBinary: boolean };

export interface RowPlan {
  actions: ColumnAction[];
}

export type ClientEncoding = "utf8" | "latin1";

function columnRuleValue(kind: ColumnKind, format: number, typeOid: number, label: string): Buffer | null {
  const text = `[${label}]`;
  if (format === 1) {
    if (typeOid === JSONB_OID) return Buffer.concat([Buffer.from([1]), Buffer.from(JSON.stringify(text))]);
    if (binaryIsText(typeOid)) return Buffer.from(typeOid === 114 ? JSON.stringify(text) : text);
    return null;
  }
  if (kind === "text") return Buffer.from(text);
  if (kind === "json") return Buffer.from(JSON.stringify(text));
  return null;
}

export class ResultMasker {
  constructor(
    private readonly masker: Masker,
    private readonly columnRules: CompiledColumnRule[],
  ) {}

  /** True when nothing the database returns can need masking on this connection. */
  get idle(): boolean {
    return this.masker.isEmpty && this.columnRules.length === 0;
  }

  get hasColumnRules(): boolean {
    return this.columnRules.length > 0;
  }

  get detectsValues(): boolean {
    return !this.masker.isEmpty;
  }

  /** How to treat each column of a result; null when every column passes unchanged. */
  plan(columns: readonly ColumnInfo[]): RowPlan | null {
    if (this.idle) return null;
    let active = false;
    const actions = columns.map((column): ColumnAction => {
      const kind = columnKind(column.typeOid);
      const label = this.columnRules.length > 0 ? columnLabel(this.columnRules, column.name) : undefined;
      if (label !== undefined) {
        active = true;
        return { op: "replace", value: columnRuleValue(kind, column.format, column.typeOid, label), label };
      }
      if (this.masker.isEmpty || kind === "opaque") return { op: "pass" };
      if (column.format === 1 && !binaryIsText(column.typeOid) && column.typeOid !== JSONB_OID) return { op: "pass" };
      active = true;
      return { op: "scan", kind, jsonbBinary: column.format === 1 && column.typeOid === JSONB_OID };
    });
    return active ? { actions } : null;
  }

  /** The masked DataRow frame, or null when no value changed (relay the original bytes). */
  maskRow(body: Buffer, plan: RowPlan, encoding: ClientEncoding, tally: MaskTally): Buffer | null {
    const values = decodeDataRow(body);
    let changed = false;
    const n = Math.min(values.length, plan.actions.length);
    for (let i = 0; i < n; i++) {
      const value = values[i];
      const action = plan.actions[i]!;
      if (value === null || value === undefined || action.op === "pass") continue;
      if (action.op === "replace") {
        values[i] = action.value;
        tally.addColumn(action.label);
        changed = true;
        continue;
      }
      const masked = this.#scan(value, action, encoding, tally);
      if (masked !== undefined) {
        values[i] = masked;
        changed = true;
      }
    }
    return changed ? encodeDataRow(values) : null;
  }

  /** Masks free text (notices, errors, notification payloads); returns the input when unchanged. */
  maskText(text: string, tally?: MaskTally): string {
    if (this.masker.isEmpty || text.length === 0) return text;
    const result = this.masker.maskText(text);
    if (result.findings.length === 0) return text;
    tally?.add(result.findings);
    return result.text;
  }

  createStream(): ReturnType<Masker["createStream"]> {
    return this.masker.createStream();
  }

  /** Undefined: unchanged. */
  #scan(value: Buffer, action: Extract<ColumnAction, { op: "scan" }>, encoding: ClientEncoding, tally: MaskTally): Buffer | null | undefined {
    const text = action.jsonbBinary ? value.toString("utf8", 1) : value.toString(encoding);
    const result = this.masker.maskText(text);
    if (result.findings.length === 0) return undefined;
    tally.add(result.findings);
    switch (action.kind) {
      case "text":
      case "text_array":
        return Buffer.from(result.text, encoding);
      case "json":
        if (!isJson(result.text)) return null;
        return action.jsonbBinary ? Buffer.concat([Buffer.from([1]), Buffer.from(result.text, "utf8")]) : Buffer.from(result.text, encoding);
      default:
        return null;
    }
  }
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

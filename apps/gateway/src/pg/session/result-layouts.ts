// The result layouts (RowDescription) one session has seen, and the masking plans made for them.
// Applications send the same few queries over and over, and every answer starts with the same
// RowDescription bytes: decoding them and planning the masking once per distinct layout, instead of
// once per statement, takes both off the per-statement path.
import { decodeBackendMessage, type Frame, type RowDescriptionMessage } from "../codec";
import type { ColumnInfo, ResultMasker, RowPlan } from "./result-masker";

export interface ResultLayout {
  columns: ColumnInfo[];
  /** Plans already made for this layout, by the masker that made them (rules can change mid-session). */
  plans: WeakMap<ResultMasker, RowPlan | null>;
}

/** Distinct layouts kept per session; past it the cache starts afresh (it only saves work). */
const MAX_LAYOUTS = 256;

export class ResultLayouts {
  readonly #byBody = new Map<string, ResultLayout>();

  /** The layout a RowDescription frame describes. Throws ProtocolError on a malformed one. */
  get(frame: Frame): ResultLayout {
    const key = frame.body.toString("latin1");
    let layout = this.#byBody.get(key);
    if (!layout) {
      layout = { columns: toColumns(decodeBackendMessage(frame.raw) as RowDescriptionMessage), plans: new WeakMap() };
      if (this.#byBody.size >= MAX_LAYOUTS) this.#byBody.clear();
      this.#byBody.set(key, layout);
    }
    return layout;
  }

  plan(layout: ResultLayout, masker: ResultMasker): RowPlan | null {
    let plan = layout.plans.get(masker);
    if (plan === undefined) {
      plan = masker.plan(layout.columns);
      layout.plans.set(masker, plan);
    }
    return plan;
  }
}

function toColumns(message: RowDescriptionMessage): ColumnInfo[] {
  return message.fields.map((field) => ({ name: field.name, typeOid: field.dataTypeID, format: field.format === "binary" ? 1 : 0 }));
}

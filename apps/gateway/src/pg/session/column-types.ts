// What a result column's type means for masking. PostgreSQL sends each column's type OID in
// RowDescription; values are text (format 0) or the type's binary form (format 1).
//  - "text": character data; a masked value becomes the label text, which any client accepts.
//  - "text_array": arrays of text; detectors mask elements in place, a column rule makes it NULL
//    (a bare label is not an array literal).
//  - "json": json/jsonb; a masked value must stay valid JSON.
//  - "opaque": types that cannot hold free text (booleans, floats, dates, UUIDs, bytea…): value
//    detectors are not run on them (a timestamp is not a phone number), and a column rule turns
//    them into NULL, since a label would not parse as the type.
//  - "numeric": integers and numeric can encode a card or phone number, so detectors run; a hit
//    becomes NULL for the same parsing reason.
//  - "structured": other built-in types (arrays, ranges, inet, geometric…): detectors run; a hit
//    becomes NULL. User-defined types (OID ≥ 16384: citext, enums, domains' base is reported, …)
//    are treated as text.
export type ColumnKind = "text" | "text_array" | "json" | "opaque" | "numeric" | "structured";

const TEXT = new Set([18, 19, 25, 142, 705, 1042, 1043]);
const TEXT_ARRAYS = new Set([1009, 1014, 1015, 143, 1002, 1003]);
const JSON_TYPES = new Set([114, 3802]);
const OPAQUE = new Set([16, 17, 26, 700, 701, 1082, 1083, 1114, 1184, 1186, 1266, 2950, 790, 1560, 1562, 3614, 3615, 3734, 3769]);
const NUMERIC = new Set([20, 21, 23, 1700]);

export const JSONB_OID = 3802;
const FIRST_USER_OID = 16384;

export function columnKind(typeOid: number): ColumnKind {
  if (TEXT.has(typeOid)) return "text";
  if (TEXT_ARRAYS.has(typeOid)) return "text_array";
  if (JSON_TYPES.has(typeOid)) return "json";
  if (OPAQUE.has(typeOid)) return "opaque";
  if (NUMERIC.has(typeOid)) return "numeric";
  return typeOid >= FIRST_USER_OID ? "text" : "structured";
}

/** Binary forms that are plain text bytes (so they can be scanned and replaced like text). */
export function binaryIsText(typeOid: number): boolean {
  return typeOid === 25 || typeOid === 1043 || typeOid === 1042 || typeOid === 19 || typeOid === 705 || typeOid === 114 || typeOid === 142;
}

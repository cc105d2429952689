// Turns an event payload into canonical JSON text (RFC 8785, what the hash chain covers) that
// PostgreSQL's jsonb also accepts, so that `append` never throws and a stored event never fails to
// insert: @airlock/recording's canonical encoding in its lenient form (canonical.ts describes the
// rules). One pass over the payload, with no copy of it: the text is hashed, queued, spooled and
// stored as it is, so a payload the data path mutates afterwards cannot make the stored event
// differ from the hashed one. test/storable-json.test.ts checks the result against canonicalEncode
// of a plain deep copy made by those rules.
import { canonicalEncode, storableString } from "@airlock/recording";

export { storableString };

const LENIENT = { lenient: true } as const;

/** The canonical JSON text of `value` as it can be stored. Throws TypeError on a cycle. */
export function storableJsonText(value: unknown): string {
  return canonicalEncode(value, LENIENT);
}

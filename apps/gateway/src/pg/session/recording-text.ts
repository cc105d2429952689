// What a statement looks like in the recording. SQL is forwarded unchanged (rewriting literals
// would change what the query does), so masking here is for the recording only, and it applies
// the rules of both directions: a recording must never hold a value any rule would hide.
import type { ConnectionRules } from "../../services";
import type { ClientEncoding } from "./result-masker";

/** Recorded text beyond this is cut (after masking, so a cut never exposes half a value). */
const TEXT_MAX = 16_384;
const PARAM_MAX = 2_048;

function cut(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}… (${text.length - max} more characters)` : text;
}

export function maskForRecording(rules: ConnectionRules, text: string, max = TEXT_MAX): string {
  let masked = text;
  if (!rules.requestMasker.isEmpty) masked = rules.requestMasker.maskText(masked).text;
  if (!rules.responseMasker.isEmpty) masked = rules.responseMasker.maskText(masked).text;
  return cut(masked, max);
}

/** Bound parameters as recorded: text values masked, binary ones described by size only. */
export function recordedParams(
  rules: ConnectionRules,
  params: readonly (Buffer | null)[],
  formats: readonly number[],
  encoding: ClientEncoding,
): (string | null)[] {
  return params.map((value, i) => {
    if (value === null) return null;
    const format = formats.length === 0 ? 0 : formats.length === 1 ? formats[0] : formats[i];
    if (format === 1) return `<binary, ${value.length} bytes>`;
    return maskForRecording(rules, value.toString(encoding), PARAM_MAX);
  });
}

const MAX_NESTED_JSON = 3;

/**
 * The texts a tool call's arguments are checked as: the raw JSON string as received, and every
 * string in it after JSON decoding (keys included, nested JSON-in-a-string decoded too), one per
 * line. Decoding undoes escapes like \u0020 or \/ that would otherwise hide a command.
 */
export function argumentTexts(raw: string): string[] {
  const strings: string[] = [];
  collectStrings(raw, strings, 0);
  return strings.length === 0 ? [raw] : [raw, strings.join("\n")];
}

function collectStrings(json: string, out: string[], depth: number): boolean {
  const trimmed = json.trim();
  if (depth > MAX_NESTED_JSON || !/^[[{"]/.test(trimmed)) return false;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return false;
  }
  walk(value, out, depth);
  return true;
}

function walk(value: unknown, out: string[], depth: number): void {
  if (typeof value === "string") {
    if (!collectStrings(value, out, depth + 1)) out.push(value);
  } else if (Array.isArray(value)) {
    // Arrays of words (["rm", "-rf", "/"]) are commands too: keep them on one line.
    if (value.every((v) => typeof v === "string")) out.push(value.join(" "));
    else for (const item of value) walk(item, out, depth);
  } else if (typeof value === "object" && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      out.push(key);
      walk(item, out, depth);
    }
  }
}

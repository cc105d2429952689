// Masking walks JSON bodies generically: every string value is user content except under keys the
// adapter declares structural (ids, model names, tool schemas). One walker serves every endpoint of
// every provider, including ones added upstream after this code was written.

export type StringMapper = (text: string) => string;

/** Replaces string values in place (arrays and objects); returns the possibly replaced root. */
export function mapStrings(value: unknown, fn: StringMapper, skipKeys: ReadonlySet<string>): unknown {
  if (typeof value === "string") return fn(value);
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) value[i] = mapStrings(value[i], fn, skipKeys);
    return value;
  }
  if (value && typeof value === "object") {
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) {
      if (skipKeys.has(key)) continue;
      const child = record[key];
      if (typeof child === "string") record[key] = fn(child);
      else if (child && typeof child === "object") mapStrings(child, fn, skipKeys);
    }
  }
  return value;
}

/** Every string value (same skipping rules), for guardrails over bodies without a known shape. */
export function collectStrings(value: unknown, skipKeys: ReadonlySet<string>, out: string[] = []): string[] {
  mapStrings(value, (text) => {
    out.push(text);
    return text;
  }, skipKeys);
  return out;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

export function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

export function asArray(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** Text of OpenAI/Anthropic content: a string, or an array of parts with `text`. */
export function contentText(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  let text = "";
  for (const part of content) {
    if (typeof part === "string") text += part;
    else if (isRecord(part)) {
      if (typeof part.text === "string") text += part.text;
      else if (part.type === "tool_result") text += contentText(part.content);
    }
  }
  return text;
}

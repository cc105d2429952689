/**
 * Directives let a test steer a fake provider through an unmodified client: they ride inside the
 * last user message as `[[name:args]]`. The grammar is documented in the package README.
 */

export interface ScriptedToolCall {
  name: string;
  /** Arguments as a compact JSON text. */
  arguments: string;
}

export interface Script {
  /** The message with every recognised directive removed, trimmed. */
  text: string;
  /** `[[say:…]]`: reply with exactly this text. */
  say?: string;
  /** `[[tool:name {json}]]`, in order of appearance. */
  tools: ScriptedToolCall[];
  /** `[[chunks:N]]`: stream the text in N pieces. */
  chunks?: number;
  /** `[[delay:MS]]`: wait this long between streamed pieces. */
  delayMs?: number;
  /** `[[fail:STATUS]]` (optionally `times:N`): answer with this HTTP error. */
  fail?: { status: number; times?: number };
  /** `[[break-stream-after:N]]`: destroy the socket after N content pieces. */
  breakStreamAfter?: number;
  /** `[[hang-headers]]`: never send the response headers. */
  hangHeaders: boolean;
  /** `[[hang-body-after:N]]`: stall forever after N content pieces. */
  hangBodyAfter?: number;
  /** Recognised directives whose arguments were malformed. */
  errors: string[];
}

// A directive takes one leading space or tab with it, so "a [[x]] b" leaves "a b".
const DIRECTIVE = /[ \t]?\[\[([\s\S]*?)\]\]/g;
const OPTION_KEYS = new Set([
  "chunks",
  "delay",
  "fail",
  "times",
  "break-stream-after",
  "hang-headers",
  "hang-body-after",
]);

function wholeNumber(key: string, value: string | undefined, errors: string[]): number | undefined {
  if (value !== undefined && /^\d+$/.test(value)) return Number(value);
  errors.push(`[[${key}]] needs a whole number, got ${JSON.stringify(value ?? "")}`);
  return undefined;
}

function applyTool(body: string, script: Script): void {
  const trimmed = body.trim();
  const space = trimmed.search(/\s/);
  const name = space === -1 ? trimmed : trimmed.slice(0, space);
  const json = space === -1 ? "{}" : trimmed.slice(space + 1).trim();
  if (!name) {
    script.errors.push("[[tool:…]] needs a tool name");
    return;
  }
  try {
    script.tools.push({ name, arguments: JSON.stringify(JSON.parse(json)) });
  } catch {
    script.errors.push(`[[tool:${name}]] arguments are not valid JSON: ${json}`);
  }
}

/** Returns false when the directive is not one of ours (it then stays part of the text). */
function applyOptions(body: string, script: Script): boolean {
  const tokens = body.trim().split(/\s+/);
  const keys = tokens.map((token) => token.split(":", 1)[0] ?? "");
  if (!keys.every((key) => OPTION_KEYS.has(key))) return false;
  for (const token of tokens) {
    const colon = token.indexOf(":");
    const key = colon === -1 ? token : token.slice(0, colon);
    const value = colon === -1 ? undefined : token.slice(colon + 1);
    const errors = script.errors;
    switch (key) {
      case "chunks": {
        const n = wholeNumber(key, value, errors);
        if (n !== undefined && n > 0) script.chunks = n;
        else if (n === 0) errors.push("[[chunks]] must be at least 1");
        break;
      }
      case "delay":
        script.delayMs = wholeNumber(key, value, errors);
        break;
      case "fail": {
        const status = wholeNumber(key, value, errors);
        if (status !== undefined) script.fail = { ...script.fail, status };
        break;
      }
      case "times": {
        const times = wholeNumber(key, value, errors);
        if (times !== undefined) script.fail = { status: script.fail?.status ?? 500, times };
        break;
      }
      case "break-stream-after":
        script.breakStreamAfter = wholeNumber(key, value, errors);
        break;
      case "hang-body-after":
        script.hangBodyAfter = wholeNumber(key, value, errors);
        break;
      case "hang-headers":
        script.hangHeaders = true;
        break;
    }
  }
  return true;
}

/** Reads the directives out of a user message. Pure: same message, same script. */
export function parseScript(message: string): Script {
  const script: Script = { text: "", tools: [], hangHeaders: false, errors: [] };
  const text = message.replace(DIRECTIVE, (whole, inner: string) => {
    if (inner.startsWith("say:")) {
      script.say = inner.slice("say:".length);
      return "";
    }
    if (inner.startsWith("tool:")) {
      applyTool(inner.slice("tool:".length), script);
      return "";
    }
    return applyOptions(inner, script) ? "" : whole;
  });
  script.text = text.trim();
  return script;
}

/** A script that simply says `text` (used for turns that carry a tool result). */
export function sayScript(text: string): Script {
  return { text, say: text, tools: [], hangHeaders: false, errors: [] };
}

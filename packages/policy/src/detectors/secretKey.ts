import { asciiChars, asciiSet } from "../text/charMatcher";
import type { Detector } from "./detector";

/** Longest first: the validator and `partial` use the longest prefix a token starts with. */
const TOKEN_PREFIXES = [
  "github_pat_", "sk-svcacct-", "sk-admin-", "sk_live_", "rk_live_", "sk-proj-", "sk-ant-",
  "glpat-", "xoxa-", "xoxb-", "xoxp-", "xoxr-", "xoxs-", "ghp_", "gho_", "ghu_", "ghs_", "ghr_",
  "AKIA", "ASIA", "AIza", "sk-",
] as const;

const PEM_PREFIX = "-----BEGIN ";
const PEM_END = /-----END (?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----/;
const PEM_BODY_LINE = /^(?:[A-Za-z0-9+/=]*|[A-Za-z-]{1,32}: ?[ -~]*)$/;

/**
 * API keys and tokens by their published formats: AWS access key ids (AKIA/ASIA + 16), GitHub
 * (ghp_/gho_/ghu_/ghs_/ghr_, github_pat_), GitLab glpat-, Slack xox[abprs]-, OpenAI sk-/sk-proj-,
 * Anthropic sk-ant-, Google AIza, Stripe sk_live_/rk_live_. The random part must contain a letter
 * and a digit, so "sk-learn-is-great-for-machine-learning" is prose, not a key.
 * Also private keys in PEM form: the BEGIN line through the END line, or when the END line is
 * missing, through the last base64 line that follows.
 * Holdback: only text that begins like one of these prefixes is held; for tokens at most 267
 * characters, for a PEM block at most 8,278 (a whole RSA-4096 key).
 */
export const secretKey: Detector = {
  id: "secret_key",
  scanners: [
    {
      regex:
        /(?<![A-Za-z0-9_-])(?:(?:AKIA|ASIA)[A-Z0-9]{16}|gh[pousr]_[A-Za-z0-9]{36,251}|github_pat_[A-Za-z0-9_]{22,255}|glpat-[A-Za-z0-9_-]{20,64}|xox[abprs]-[A-Za-z0-9-]{10,250}|sk-[A-Za-z0-9_-]{20,258}|AIza[A-Za-z0-9_-]{35}|[sr]k_live_[A-Za-z0-9]{16,247})(?![A-Za-z0-9_-])/g,
      chars: asciiSet({ ranges: ["AZ", "az", "09"], chars: "_-" }),
      startChars: asciiChars("Agxsr"),
      prefixes: TOKEN_PREFIXES,
      // Every TOKEN_PREFIXES entry starts with one of these (factored so the engine can skip fast).
      anchor: { finder: /gh[pousr]_|github_pat_|glpat-|xox[abprs]-|sk-|[sr]k_live_|A(?:KIA|SIA|Iza)/g, minOffset: 0, maxOffset: 0 },
      maxLength: 266,
      lookbehind: 1,
      lookahead: 1,
      validate: (text, start, end) => (looksRandom(text.slice(start + prefixOf(text, start).length, end)) ? end : -1),
    },
    {
      regex: /-----BEGIN (?:[A-Z0-9]{1,16} ){0,3}PRIVATE KEY(?: BLOCK)?-----[A-Za-z0-9+/=:,. \t\r\n-]{0,8192}/g,
      chars: asciiSet({ ranges: ["AZ", "az", "09"], chars: "+/=:,. \t\r\n-" }),
      startChars: asciiChars("-"),
      prefixes: [PEM_PREFIX],
      anchor: { finder: /-----BEGIN /g, minOffset: 0, maxOffset: 0 },
      maxLength: 8277,
      lookbehind: 0,
      lookahead: 1,
      validate: pemBlockEnd,
    },
  ],
  partial: (value) => {
    if (value.startsWith(PEM_PREFIX)) return `${value.slice(0, value.indexOf("-----", 5) + 5)} ****`;
    const prefix = prefixOf(value, 0);
    return `${prefix}****${value.slice(-4)}`;
  },
  canonical: (value) => value,
};

function prefixOf(text: string, start: number): string {
  return TOKEN_PREFIXES.find((p) => text.startsWith(p, start)) ?? "";
}

function looksRandom(body: string): boolean {
  return /[0-9]/.test(body) && /[A-Za-z]/.test(body);
}

/** Ends the block after its END line, or else after the last line that still looks like PEM. */
function pemBlockEnd(text: string, start: number, end: number): number {
  const block = text.slice(start, end);
  const footer = PEM_END.exec(block);
  if (footer !== null) return start + footer.index + footer[0].length;
  const headerEnd = block.indexOf("-----", PEM_PREFIX.length) + 5;
  let accepted = headerEnd;
  let lineStart = headerEnd;
  while (lineStart < block.length) {
    let lineEnd = block.indexOf("\n", lineStart);
    if (lineEnd === -1) lineEnd = block.length;
    const line = block.slice(lineStart, lineEnd).replace(/\r$/, "");
    if (!PEM_BODY_LINE.test(line)) break;
    if (line.trim() !== "") accepted = lineStart + line.length;
    lineStart = lineEnd + 1;
  }
  return start + accepted;
}

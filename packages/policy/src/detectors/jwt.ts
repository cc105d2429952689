import { asciiChars, asciiSet } from "../text/charMatcher";
import type { Detector } from "./detector";

/**
 * JSON Web Tokens: three base64url segments whose first decodes to a JSON object with an "alg".
 * The header must start with `{"` (base64url "eyJ"), which every common library emits.
 * Holdback: only text from an "eyJ" onwards is held, at most 12,292 characters.
 */
export const jwt: Detector = {
  id: "jwt",
  scanners: [
    {
      regex:
        /(?<![A-Za-z0-9_.-])eyJ[A-Za-z0-9_-]{10,2045}\.[A-Za-z0-9_-]{2,8192}\.[A-Za-z0-9_-]{0,2048}(?![A-Za-z0-9_-]|\.[A-Za-z0-9_-])/g,
      chars: asciiSet({ ranges: ["AZ", "az", "09"], chars: "_-." }),
      startChars: asciiChars("e"),
      prefixes: ["eyJ"],
      anchor: { finder: /eyJ/g, minOffset: 0, maxOffset: 0 },
      maxLength: 12290,
      lookbehind: 1,
      lookahead: 2,
      validate: (text, start, end) => (headerHasAlg(text.slice(start, text.indexOf(".", start))) ? end : -1),
    },
  ],
  partial: (value) => `${value.slice(0, value.indexOf("."))}.****`,
  canonical: (value) => value,
};

function headerHasAlg(segment: string): boolean {
  try {
    const header: unknown = JSON.parse(Buffer.from(segment, "base64url").toString("utf8"));
    return typeof header === "object" && header !== null && typeof (header as { alg?: unknown }).alg === "string";
  } catch {
    return false;
  }
}

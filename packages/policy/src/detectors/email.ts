import { asciiSet } from "../text/charMatcher";
import type { Detector } from "./detector";

/**
 * Addresses with an ASCII local part (up to 64 characters, not starting with a dot) and a domain of
 * one to six labels plus an alphabetic top-level domain. Internationalised addresses are not found.
 * Holdback: the trailing run of [A-Za-z0-9._%+-@], at most 513 characters.
 */
export const email: Detector = {
  id: "email",
  scanners: [
    {
      regex:
        /(?<![A-Za-z0-9._%+-])[A-Za-z0-9_%+-][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9][A-Za-z0-9-]{0,62}\.){1,6}[A-Za-z]{2,63}(?![A-Za-z0-9-])/g,
      chars: asciiSet({ ranges: ["AZ", "az", "09"], chars: "._%+-@" }),
      startChars: asciiSet({ ranges: ["AZ", "az", "09"], chars: "_%+-" }),
      anchor: { finder: /@/g, minOffset: 1, maxOffset: 64 },
      maxLength: 512,
      lookbehind: 1,
      lookahead: 1,
    },
  ],
  // j***@example.com: the domain stays readable, the person does not.
  partial: (value) => {
    const at = value.lastIndexOf("@");
    return `${value[0]}***${value.slice(at)}`;
  },
  canonical: (value) => value.toLowerCase(),
};

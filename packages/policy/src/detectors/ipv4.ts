import { asciiSet } from "../text/charMatcher";
import type { Detector } from "./detector";

/**
 * Dotted quads with every octet at most 255; a fifth part ("1.2.3.4.5") rules the whole thing out.
 * Holdback: the trailing run of digits and dots from its first digit, at most 17 characters.
 */
export const ipv4: Detector = {
  id: "ipv4",
  scanners: [
    {
      regex: /(?<![\d.])\d{1,3}(?:\.\d{1,3}){3}(?!\.?\d)/g,
      chars: asciiSet({ ranges: ["09"], chars: "." }),
      startChars: asciiSet({ ranges: ["09"] }),
      requires: /\d/g,
      maxLength: 15,
      lookbehind: 1,
      lookahead: 2,
      validate: (text, start, end) => (text.slice(start, end).split(".").every((o) => Number(o) <= 255) ? end : -1),
    },
  ],
  // Keeps the network part, as IP anonymisation usually does.
  partial: (value) => value.split(".").slice(0, 2).join(".") + ".*.*",
  canonical: (value) => value,
};

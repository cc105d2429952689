import { asciiSet } from "../text/charMatcher";
import { digitsOf, lastDigits, type Detector } from "./detector";

/**
 * AAA-GG-SSSS (or with single spaces) in the ranges the SSA issues: area not 000, 666 or 900-999,
 * group not 00, serial not 0000. Nine bare digits are too ambiguous to mask and are left alone.
 * Holdback: the trailing run of digits, dashes and spaces from its first digit, at most 12.
 */
export const usSsn: Detector = {
  id: "us_ssn",
  scanners: [
    {
      regex: /(?<![\d-])\d{3}([- ])\d{2}\1\d{4}(?![\d-])/g,
      chars: asciiSet({ ranges: ["09"], chars: "- " }),
      startChars: asciiSet({ ranges: ["09"] }),
      requires: /\d/g,
      maxLength: 11,
      lookbehind: 1,
      lookahead: 1,
      validate: (text, start, end) => {
        const digits = digitsOf(text.slice(start, end));
        const area = digits.slice(0, 3);
        const valid =
          area !== "000" && area !== "666" && area[0] !== "9" && digits.slice(3, 5) !== "00" && digits.slice(5) !== "0000";
        return valid ? end : -1;
      },
    },
  ],
  partial: (value) => `***-**-${lastDigits(value, 4)}`,
  canonical: digitsOf,
};

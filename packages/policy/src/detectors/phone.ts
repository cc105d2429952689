import { asciiSet } from "../text/charMatcher";
import { digitsOf, lastDigits, type Detector } from "./detector";

/**
 * Four shapes, each needing enough digits that years, counts and short codes are left alone:
 * - E.164 written compactly: +14155550100 (8 to 15 digits);
 * - international with separators: +1 415 555 0100, +44 (0)20 7946 0958 (8 to 15 digits);
 * - North American: (415) 555-0100, 415-555-0100, 415.555.0100, 415 555 0100;
 * - national with a trunk 0 and separators: 020 7946 0958, 06 12 34 56 78 (9 to 12 digits).
 * Holdback: the trailing run of digits, spaces and +().- from its first digit, + or (, at most
 * 76 characters.
 */
export const phone: Detector = {
  id: "phone",
  scanners: [
    {
      regex:
        /(?<![\w+])(?:\+[1-9]\d{6,14}|\+[1-9]\d{0,3}(?: ?\(0\))?[ .-]?(?:\(\d{1,8}\)|\d{1,8})(?:[ .-](?:\(\d{1,8}\)|\d{1,8})){0,5}|(?:\(\d{3}\) ?|\d{3}[.\- ])\d{3}[.\- ]\d{4}|(?:\(0\d{1,4}\)|0\d{1,4})(?:[ .-]\d{2,8}){1,4})(?!\w)/g,
      chars: asciiSet({ ranges: ["09"], chars: " .-()+" }),
      startChars: asciiSet({ ranges: ["09"], chars: "+(" }),
      requires: /\d/g,
      maxLength: 75,
      lookbehind: 1,
      lookahead: 1,
      validate: (text, start, end) => {
        const digits = digitsOf(text.slice(start, end)).length;
        const first = text[start];
        const [min, max] = first === "+" ? [8, 15] : isNorthAmerican(text, start) ? [10, 10] : [9, 12];
        return digits >= min && digits <= max ? end : -1;
      },
    },
  ],
  partial: (value) => `****${lastDigits(value, 4)}`,
  canonical: (value) => (value.startsWith("+") ? "+" : "") + digitsOf(value),
};

function isNorthAmerican(text: string, start: number): boolean {
  const first = text.charCodeAt(text[start] === "(" ? start + 1 : start);
  return first !== 48; // national numbers with a trunk prefix start with 0
}

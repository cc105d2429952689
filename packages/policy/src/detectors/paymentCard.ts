import { asciiSet } from "../text/charMatcher";
import { luhnValid } from "./checksums";
import { digitsOf, lastDigits, type Detector } from "./detector";

/**
 * 13 to 19 digits starting with 2-6 (the issuer ranges of the major networks), optionally grouped
 * with spaces or dashes, passing the Luhn check. When the whole digit run fails, the longest Luhn-valid
 * prefix that ends at a group boundary is taken ("4111 1111 1111 1111 22" masks the card, keeps 22).
 * Holdback: the trailing run of digits, spaces and dashes from its first 2-6 digit, at most 38.
 */
export const paymentCard: Detector = {
  id: "payment_card",
  scanners: [
    {
      regex: /(?<![\d-])[2-6](?:[ -]?\d){12,18}(?!\d)/g,
      chars: asciiSet({ ranges: ["09"], chars: " -" }),
      startChars: asciiSet({ ranges: ["26"] }),
      requires: /\d/g,
      maxLength: 37,
      lookbehind: 1,
      lookahead: 1,
      validate: longestValidCard,
    },
  ],
  partial: (value) => `****${lastDigits(value, 4)}`,
  canonical: digitsOf,
};

function longestValidCard(text: string, start: number, end: number): number {
  if (luhnValid(digitsOf(text.slice(start, end)))) return end;
  // Try shorter runs, each ending just before a separator.
  for (let cut = end - 1; cut > start; cut--) {
    const code = text.charCodeAt(cut);
    if (code !== 32 && code !== 45) continue;
    const digits = digitsOf(text.slice(start, cut));
    if (digits.length < 13) break;
    if (luhnValid(digits)) return cut;
  }
  return -1;
}

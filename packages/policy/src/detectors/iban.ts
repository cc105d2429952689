import { asciiSet } from "../text/charMatcher";
import { ibanChecksumValid } from "./checksums";
import type { Detector } from "./detector";

/** IBAN lengths by country (SWIFT IBAN registry). */
const IBAN_LENGTHS: Readonly<Record<string, number>> = {
  AD: 24, AE: 23, AL: 28, AT: 20, AZ: 28, BA: 20, BE: 16, BG: 22, BH: 22, BI: 27, BR: 29, BY: 28,
  CH: 21, CR: 22, CY: 28, CZ: 24, DE: 22, DJ: 27, DK: 18, DO: 28, EE: 20, EG: 29, ES: 24, FI: 18,
  FK: 18, FO: 18, FR: 27, GB: 22, GE: 22, GI: 23, GL: 18, GR: 27, GT: 28, HN: 28, HR: 21, HU: 28,
  IE: 22, IL: 23, IQ: 23, IS: 26, IT: 27, JO: 30, KW: 30, KZ: 20, LB: 28, LC: 32, LI: 21, LT: 20,
  LU: 20, LV: 21, LY: 25, MC: 27, MD: 24, ME: 22, MK: 19, MN: 20, MR: 27, MT: 31, MU: 30, NI: 28,
  NL: 18, NO: 15, OM: 23, PK: 24, PL: 28, PS: 29, PT: 25, QA: 29, RO: 24, RS: 22, RU: 33, SA: 24,
  SC: 31, SD: 18, SE: 24, SI: 19, SK: 24, SM: 27, SO: 23, ST: 25, SV: 28, TL: 23, TN: 24, TR: 26,
  UA: 29, VA: 22, VG: 24, XK: 20, YE: 30,
};

/**
 * Upper-case IBANs, compact or with single spaces ("GB82 WEST 1234 5698 7654 32"), of exactly the
 * length their country prescribes and passing the mod-97 check.
 * Holdback: the trailing run of A-Z, 0-9 and spaces from its first letter, at most 65 characters.
 */
export const iban: Detector = {
  id: "iban",
  scanners: [
    {
      regex: /(?<![A-Za-z0-9])[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}(?![A-Za-z0-9])/g,
      chars: asciiSet({ ranges: ["AZ", "09"], chars: " " }),
      startChars: asciiSet({ ranges: ["AZ"] }),
      requires: /\d/g,
      maxLength: 64,
      lookbehind: 1,
      lookahead: 1,
      validate: exactCountryLength,
    },
  ],
  partial: (value) => {
    const compact = compactIban(value);
    return `${compact.slice(0, 4)}****${compact.slice(-4)}`;
  },
  canonical: (value) => compactIban(value),
};

/** Takes exactly the country's number of characters; the next one must not continue the IBAN. */
function exactCountryLength(text: string, start: number, end: number): number {
  const length = IBAN_LENGTHS[text.slice(start, start + 2)];
  if (length === undefined) return -1;
  let taken = 0;
  let i = start;
  for (; i < end && taken < length; i++) if (text.charCodeAt(i) !== 32) taken++;
  if (taken < length) return -1;
  const next = text.charCodeAt(i);
  const continues = (next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122);
  if (continues) return -1;
  return ibanChecksumValid(compactIban(text.slice(start, i))) ? i : -1;
}

function compactIban(value: string): string {
  return value.replace(/ /g, "");
}

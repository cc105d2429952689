import { asciiSet } from "../text/charMatcher";
import type { Detector } from "./detector";

const HEX_GROUP = /^[0-9A-Fa-f]{1,4}$/;
const RUN_OR_WORD = asciiSet({ ranges: ["09", "AZ", "az"], chars: "_:." });
const IPV4_TAIL = /^\d{1,3}(?:\.\d{1,3}){3}$/;

/**
 * Full, "::"-compressed and IPv4-suffixed addresses with at least two non-empty groups (so "::1"
 * and slice syntax like "[::2]" are left alone). Candidates are whole runs of hex digits, colons and
 * dots; trailing dots (end of a sentence) are trimmed before parsing.
 * Holdback: the trailing run of [0-9A-Fa-f:.], at most 46 characters.
 */
export const ipv6: Detector = {
  id: "ipv6",
  scanners: [
    {
      // No lookahead: the greedy run ends at the first character outside the class, which the
      // validator then checks (that one-character peek is the lookahead of 1).
      regex: /(?<![0-9A-Za-z_:.])(?:[0-9A-Fa-f]{1,4}:|:)[0-9A-Fa-f:.]{1,40}/g,
      chars: asciiSet({ ranges: ["09", "AF", "af"], chars: ":." }),
      startChars: asciiSet({ ranges: ["09", "AF", "af"], chars: ":" }),
      anchor: { finder: /:/g, minOffset: 0, maxOffset: 4 },
      maxLength: 45,
      lookbehind: 1,
      lookahead: 1,
      validate: (text, start, end) => {
        // A run cut short by the length cap, or glued to a word, is not an address.
        if (RUN_OR_WORD.has(text.charCodeAt(end))) return -1;
        let trimmed = end;
        while (trimmed > start && text.charCodeAt(trimmed - 1) === 46) trimmed--;
        return nonEmptyGroups(text.slice(start, trimmed)) >= 2 ? trimmed : -1;
      },
    },
  ],
  partial: (value) => {
    const groups = value.split(":").filter((g) => g !== "");
    return `${groups.slice(0, 2).join(":")}:****`;
  },
  canonical: (value) => value.toLowerCase(),
};

/** Number of non-empty groups of a valid IPv6 address, or -1 when it is not one. */
function nonEmptyGroups(address: string): number {
  let text = address;
  const lastColon = text.lastIndexOf(":");
  if (lastColon === -1) return -1;
  const tail = text.slice(lastColon + 1);
  if (tail.includes(".")) {
    if (!IPV4_TAIL.test(tail) || tail.split(".").some((o) => Number(o) > 255)) return -1;
    text = `${text.slice(0, lastColon + 1)}0:0`; // an IPv4 tail stands for two groups
  }
  const gap = text.indexOf("::");
  let groups: string[];
  if (gap === -1) {
    groups = text.split(":");
    if (groups.length !== 8) return -1;
  } else {
    if (text.indexOf("::", gap + 1) !== -1) return -1;
    const left = text.slice(0, gap);
    const right = text.slice(gap + 2);
    groups = [...(left ? left.split(":") : []), ...(right ? right.split(":") : [])];
    if (groups.length > 7) return -1;
  }
  return groups.every((g) => HEX_GROUP.test(g)) ? groups.length : -1;
}

import type { Detector } from "./detector";
import { email } from "./email";
import type { DetectorId } from "./ids";
import { iban } from "./iban";
import { ipv4 } from "./ipv4";
import { ipv6 } from "./ipv6";
import { jwt } from "./jwt";
import { paymentCard } from "./paymentCard";
import { phone } from "./phone";
import { secretKey } from "./secretKey";
import { usSsn } from "./usSsn";

export { BUILTIN_DETECTORS, isDetectorId, type DetectorId } from "./ids";
export type { Detector } from "./detector";

const DETECTORS: Readonly<Record<DetectorId, Detector>> = {
  email,
  phone,
  payment_card: paymentCard,
  iban,
  us_ssn: usSsn,
  ipv4,
  ipv6,
  secret_key: secretKey,
  jwt,
};

export function getDetector(id: DetectorId): Detector {
  return DETECTORS[id];
}

/**
 * The most characters a streaming masker may hold back for this detector: its longest match plus
 * the characters it peeks at after one. In practice it holds only the trailing run of characters
 * that could still start (or extend) a match, which is usually a word or less.
 */
export function detectorHoldback(id: DetectorId): number {
  return Math.max(...DETECTORS[id].scanners.map((s) => s.maxLength + s.lookahead));
}

/** The built-in detectors, in the order the console lists them. */
export const BUILTIN_DETECTORS = [
  "email",
  "phone",
  "payment_card",
  "iban",
  "us_ssn",
  "ipv4",
  "ipv6",
  "secret_key",
  "jwt",
] as const;

export type DetectorId = (typeof BUILTIN_DETECTORS)[number];

export function isDetectorId(value: string): value is DetectorId {
  return (BUILTIN_DETECTORS as readonly string[]).includes(value);
}

import { DETECTOR_IDS, SQL_CLASSES } from "@/lib/api/schemas/rules";

export { DETECTOR_IDS, SQL_CLASSES };
export type DetectorId = (typeof DETECTOR_IDS)[number];
export type SqlClass = (typeof SQL_CLASSES)[number];

export const DETECTOR_LABELS: Record<DetectorId, string> = {
  email: "E-mail address",
  phone: "Phone number",
  payment_card: "Payment card number",
  iban: "IBAN",
  us_ssn: "US social security number",
  ipv4: "IPv4 address",
  ipv6: "IPv6 address",
  secret_key: "Secret / API key",
  jwt: "JSON Web Token",
};

export const MASK_STYLES = {
  label: "Label, e.g. [EMAIL]",
  partial: "Partial, e.g. j***@e***.com",
  hash: "Keyed hash",
  pseudonym: "Stable pseudonym",
} as const;

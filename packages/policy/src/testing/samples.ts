// Test data shared by the test files. Secrets are assembled at run time so no scanner mistakes this
// file for a leak, and no real credential ever appears in the repository.
import type { DetectorId } from "../detectors";
import type { MaskingRuleSpec } from "../masking/types";

function base64url(value: string): string {
  return Buffer.from(value, "utf8").toString("base64url");
}

export const JWT_SAMPLE = [
  base64url('{"alg":"HS256","typ":"JWT"}'),
  base64url('{"sub":"1234567890","name":"Jane Doe","iat":1516239022}'),
  "SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
].join(".");

export const PEM_SAMPLE = [
  "-----BEGIN RSA PRIVATE KEY-----",
  "MIIEowIBAAKCAQEAu1SU1LfVLPHCozMxH2Mo4lgOEePzNm0tRgeLezV6ffAt0gun",
  "VTLw7onLRnrq0/IzW7yWR7QkrmBL7jTKEn5u+qKhbwKfBstIs+bMY2Zkp18gnTxK",
  "-----END RSA PRIVATE KEY-----",
].join("\n");

export const SECRET_SAMPLES = {
  aws: "AKIAIOSFODNN7EXAMPLE",
  github: `ghp_${"a1B2c3D4e5F6".repeat(3)}`,
  githubFineGrained: `github_pat_11AB${"cD3eF4gH5iJ6".repeat(6)}`,
  gitlab: `glpat-${"x1Y2z3W4v5U6t7S8r9Q0".slice(0, 20)}`,
  slack: `xoxb-${"123456789012"}-${"1234567890123"}-AbCdEfGhIjKlMnOpQrStUvWx`,
  openai: `sk-proj-${"Ab1Cd2Ef3Gh4Ij5Kl6Mn7".repeat(4)}`,
  anthropic: `sk-ant-api03-${"Zx9Yw8Vu7Ts6Rq5Po4Nm3".repeat(4)}`,
  google: `AIza${"Sy1Bc2De3Fg4Hi5Jk6Lm7No8Pq9Rs0Tu1Vw2".slice(0, 35)}`,
  stripe: `${"sk"}_live_${"4eC39HqLyjWDarjtT1zdp7dc"}`,
  pem: PEM_SAMPLE,
};

/** For each built-in detector, values it must find and look-alikes it must leave alone. */
export const DETECTOR_SAMPLES: Record<DetectorId, { valid: string[]; invalid: string[] }> = {
  email: {
    valid: ["john.doe@example.com", "a+tag@sub.example.co.uk", "x_y%z@mail-server.example.org", "Jane.O-Neil@Example.COM"],
    invalid: ["john@localhost", "@example.com", "john@example", "john@example.c", "no at sign here"],
  },
  phone: {
    valid: [
      "+14155550100",
      "+1 415 555 0100",
      "+44 20 7946 0958",
      "+44 (0)20 7946 0958",
      "+49 30 1234567",
      "+1 (415) 555-0100",
      "(030) 1234567",
      "(415) 555-0100",
      "415-555-0100",
      "415.555.0100",
      "020 7946 0958",
      "06 12 34 56 78",
    ],
    invalid: ["2024", "in 2023 and 2024", "1999-2024", "12345", "555-0100", "2024-01-15", "10:30", "+12 34", "ISBN 978-3-16-148410-0"],
  },
  payment_card: {
    valid: ["4111 1111 1111 1111", "5555555555554444", "3782 822463 10005", "6011-1111-1111-1117", "4012888888881881"],
    invalid: ["4111 1111 1111 1112", "1234 5678 9012 3456", "4111 1111 1111", "order 12345678901234567890"],
  },
  iban: {
    valid: [
      "GB82WEST12345698765432",
      "GB82 WEST 1234 5698 7654 32",
      "DE89370400440532013000",
      "DE89 3704 0044 0532 0130 00",
      "FR1420041010050500013M02606",
      "NL91ABNA0417164300",
    ],
    invalid: ["GB82WEST12345698765433", "DE8937040044053201300", "XX89370400440532013000", "GB82WEST12345698765432XYZ"],
  },
  us_ssn: {
    valid: ["123-45-6789", "078-05-1120", "123 45 6789"],
    invalid: ["000-12-3456", "666-12-3456", "900-12-3456", "123-00-4567", "123-45-0000", "123-45-67890", "123-45 6789"],
  },
  ipv4: {
    valid: ["192.168.1.1", "10.0.0.255", "8.8.8.8"],
    invalid: ["256.1.1.1", "1.2.3", "1.2.3.4.5", "version 10.300.2.1"],
  },
  ipv6: {
    valid: ["2001:db8::8a2e:370:7334", "2001:0db8:85a3:0000:0000:8a2e:0370:7334", "fe80::1ff:fe23:4567:890a", "::ffff:192.0.2.128"],
    invalid: ["::1", "10:30:45", "std::vector", "12:34:56:78:9a:bc", "1:2:3:4:5:6:7:8:9", "a[::2]"],
  },
  secret_key: {
    valid: Object.values(SECRET_SAMPLES),
    invalid: ["sk-learn-is-a-great-library-for-ml", "AKIA1234", "task-1234567890abcdefghijkl", "ghp_short1", "-----BEGIN PUBLIC KEY-----"],
  },
  jwt: {
    valid: [JWT_SAMPLE],
    invalid: [
      `${base64url('{"typ":"JWT"}')}.${base64url('{"sub":"1"}')}.c2ln`,
      base64url('{"alg":"HS256"}'),
      "eyJnot-json-at-all-really.eyJzdWIiOiIxIn0.c2ln",
    ],
  },
};

export function ruleFor(detector: DetectorId | "regex", overrides: Partial<MaskingRuleSpec> = {}): MaskingRuleSpec {
  return {
    id: `rule-${detector}`,
    name: `${detector} rule`,
    enabled: true,
    detector,
    directions: ["request", "response"],
    style: "label",
    ...overrides,
  };
}

/** A deterministic random source, so failing cases can be reproduced. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `text` cut at up to `maxPieces` random places: how a stream might deliver it. */
export function randomSplit(text: string, random: () => number, maxPieces: number): string[] {
  const cuts = new Set<number>();
  const pieces = 1 + Math.floor(random() * maxPieces);
  while (cuts.size < Math.min(pieces, text.length - 1)) cuts.add(1 + Math.floor(random() * (text.length - 1)));
  const sorted = [0, ...[...cuts].sort((a, b) => a - b), text.length];
  return sorted.slice(1).map((end, i) => text.slice(sorted[i], end));
}

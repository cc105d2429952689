import { describe, expect, it } from "vitest";
import { compileMasker } from "../masking/compileMasker";
import { DETECTOR_SAMPLES, ruleFor } from "../testing/samples";
import { BUILTIN_DETECTORS, detectorHoldback, type DetectorId } from "./index";

function found(detector: DetectorId, text: string): string[] {
  const masker = compileMasker([ruleFor(detector)], { hashKey: "k", direction: "request" });
  return masker.maskText(text).findings.map((f) => text.slice(f.start, f.end));
}

describe.each(BUILTIN_DETECTORS)("detector %s", (detector) => {
  const { valid, invalid } = DETECTOR_SAMPLES[detector];

  it.each(valid)("finds %s inside a sentence", (value) => {
    expect(found(detector, `Please note: ${value} is on file.`)).toEqual([value]);
  });

  it.each(valid)("finds %s at the very start and end of the text", (value) => {
    expect(found(detector, value)).toEqual([value]);
  });

  it.each(invalid)("leaves %s alone", (value) => {
    expect(found(detector, `Please note: ${value} is on file.`)).toEqual([]);
  });
});

describe("detector details", () => {
  it("keeps the Luhn-valid card and leaves trailing digits of another group", () => {
    expect(found("payment_card", "card 4111 1111 1111 1111 22 ok")).toEqual(["4111 1111 1111 1111"]);
  });

  it("takes exactly the country length of a spaced IBAN followed by capitals", () => {
    expect(found("iban", "DE89 3704 0044 0532 0130 00 EUR")).toEqual(["DE89 3704 0044 0532 0130 00"]);
  });

  it("does not treat a sentence-ending dot as part of an address", () => {
    expect(found("email", "write to jane@example.com.")).toEqual(["jane@example.com"]);
    expect(found("ipv6", "route via 2001:db8::1:2.")).toEqual(["2001:db8::1:2"]);
    expect(found("ipv4", "ping 10.1.2.3.")).toEqual(["10.1.2.3"]);
    expect(found("jwt", `token ${DETECTOR_SAMPLES.jwt.valid[0]}.`)).toEqual([DETECTOR_SAMPLES.jwt.valid[0]]);
  });

  it("masks a PEM private key from BEGIN through END, and a key missing its END line up to its last base64 line", () => {
    const [pem] = DETECTOR_SAMPLES.secret_key.valid.filter((v) => v.startsWith("-----BEGIN"));
    expect(found("secret_key", `key:\n${pem}\nthanks`)).toEqual([pem]);
    const truncated = pem!.slice(0, pem!.indexOf("-----END")).trimEnd();
    expect(found("secret_key", `key:\n${truncated}\n\nThat is all, thanks.`)).toEqual([truncated]);
  });

  it("does not swallow a closing parenthesis after a phone number", () => {
    expect(found("phone", "(tel +1 415 555 0100) or (tel 020 7946 0958)")).toEqual(["+1 415 555 0100", "020 7946 0958"]);
  });

  it("finds several values of one kind in one text", () => {
    expect(found("email", "a@example.com, b@example.org;c@example.net")).toEqual([
      "a@example.com",
      "b@example.org",
      "c@example.net",
    ]);
  });

  it("does not start a match inside a longer token", () => {
    expect(found("secret_key", `task-sk-${"Ab1Cd2Ef3Gh4Ij5Kl6Mn7"}`)).toEqual([]);
    expect(found("us_ssn", "1123-45-6789")).toEqual([]);
    expect(found("phone", "x415-555-0100")).toEqual([]);
  });
});

describe("holdback bounds", () => {
  // The same numbers are documented in the package README and in each detector's comment.
  it("are the documented ones", () => {
    expect(Object.fromEntries(BUILTIN_DETECTORS.map((d) => [d, detectorHoldback(d)]))).toEqual({
      email: 513,
      phone: 76,
      payment_card: 38,
      iban: 65,
      us_ssn: 12,
      ipv4: 17,
      ipv6: 46,
      secret_key: 8278,
      jwt: 12292,
    });
  });
});

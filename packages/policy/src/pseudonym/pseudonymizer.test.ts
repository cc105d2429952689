import { describe, expect, it } from "vitest";
import { compileMasker } from "../masking/compileMasker";
import { DETECTOR_SAMPLES, ruleFor, seededRandom } from "../testing/samples";
import { createPseudonymizer, type Pseudonymizer } from "./pseudonymizer";

function restoreStreamed(pseudonyms: Pseudonymizer, chunks: readonly string[]): string {
  const stream = pseudonyms.createRestoreStream();
  return chunks.map((c) => stream.push(c)).join("") + stream.flush();
}

describe("pseudonymizer", () => {
  it("numbers distinct values per label and reuses placeholders for repeated values", () => {
    const p = createPseudonymizer();
    expect(p.placeholderFor("EMAIL", "a@example.com")).toBe("<EMAIL_1>");
    expect(p.placeholderFor("EMAIL", "b@example.com")).toBe("<EMAIL_2>");
    expect(p.placeholderFor("EMAIL", "a@example.com")).toBe("<EMAIL_1>");
    expect(p.placeholderFor("Customer id", "42")).toBe("<CUSTOMER_ID_1>");
    expect(p.size).toBe(3);
  });

  it("restores only placeholders it issued", () => {
    const p = createPseudonymizer();
    p.placeholderFor("EMAIL", "a@example.com");
    expect(p.restore("Hi <EMAIL_1>, not <EMAIL_9> or <b>")).toBe("Hi a@example.com, not <EMAIL_9> or <b>");
  });

  it("round-trips a masked request through the provider and back, whole and streamed", () => {
    const rules = ["email", "phone", "payment_card", "iban"].map((d) => ruleFor(d as "email", { style: "pseudonym" }));
    const masker = compileMasker(rules, { hashKey: "k", direction: "request" });
    const original = `Customer ${DETECTOR_SAMPLES.email.valid[0]} (tel ${DETECTOR_SAMPLES.phone.valid[1]}) paid with ${DETECTOR_SAMPLES.payment_card.valid[0]} from ${DETECTOR_SAMPLES.iban.valid[1]}.`;
    const p = createPseudonymizer();
    const sent = masker.maskText(original, p).text;
    expect(sent).toBe("Customer <EMAIL_1> (tel <PHONE_1>) paid with <PAYMENT_CARD_1> from <IBAN_1>.");
    // The provider answers using the placeholders; the client must get the originals back.
    const answer = `Refund sent to <PAYMENT_CARD_1>; I emailed <EMAIL_1> and will call <PHONE_1>.`;
    const expected = answer
      .replace("<PAYMENT_CARD_1>", DETECTOR_SAMPLES.payment_card.valid[0]!)
      .replace("<EMAIL_1>", DETECTOR_SAMPLES.email.valid[0]!)
      .replace("<PHONE_1>", DETECTOR_SAMPLES.phone.valid[1]!);
    expect(p.restore(answer)).toBe(expected);
    for (let i = 0; i <= answer.length; i++) {
      const out = restoreStreamed(p, [answer.slice(0, i), answer.slice(i)]);
      if (out !== expected) expect({ splitAt: i, out }).toEqual({ splitAt: i, out: expected });
    }
    expect(restoreStreamed(p, [...answer])).toBe(expected);
  });

  it("streams restoration through a pseudonymising stream masker and back", () => {
    const masker = compileMasker([ruleFor("email", { style: "pseudonym" })], { hashKey: "k", direction: "response" });
    const p = createPseudonymizer();
    const random = seededRandom(3);
    const text = "x@example.com said hi to y@example.org, then x@example.com left.";
    for (let round = 0; round < 50; round++) {
      const masking = masker.createStream(p);
      const restoring = p.createRestoreStream();
      let out = "";
      let i = 0;
      while (i < text.length) {
        const next = i + 1 + Math.floor(random() * 9);
        out += restoring.push(masking.push(text.slice(i, next)));
        i = next;
      }
      out += restoring.push(masking.flush()) + restoring.flush();
      expect(out).toBe(text);
    }
  });

  it("holds back only a possible placeholder", () => {
    const p = createPseudonymizer();
    p.placeholderFor("EMAIL", "a@example.com");
    const stream = p.createRestoreStream();
    expect(stream.push("a < b and <EMA")).toBe("a < b and ");
    expect(stream.push("IL_1> done <")).toBe("a@example.com done ");
    expect(stream.push("p>")).toBe("<p>");
    expect(stream.flush()).toBe("");
  });
});

import { describe, expect, it } from "vitest";
import { SecretScrubber } from "./secret-scrubber";

const SECRET = "sk-live-0123456789abcdef";

describe("SecretScrubber", () => {
  it("replaces the secret however the body is split", () => {
    const body = `{"echo":"Bearer ${SECRET}","again":"${SECRET}"}`;
    for (let cut = 0; cut <= body.length; cut++) {
      const scrubber = SecretScrubber.for(SECRET)!;
      const out = Buffer.concat([scrubber.push(body.slice(0, cut)), scrubber.push(body.slice(cut)), scrubber.flush()]).toString();
      expect(out).toBe('{"echo":"Bearer [REDACTED]","again":"[REDACTED]"}');
    }
  });

  it("holds back nothing when the tail cannot start the secret", () => {
    const scrubber = SecretScrubber.for(SECRET)!;
    expect(scrubber.push("hello world").toString()).toBe("hello world");
    expect(scrubber.push("ends with sk").toString()).toBe("ends with ");
    expect(scrubber.flush().toString()).toBe("sk");
  });

  it("holds back exactly the longest tail that could still become the secret", () => {
    const secret = "abab-abac-1234";
    for (const [tail, held] of [["xx abab-aba", "abab-aba"], ["xab", "ab"], ["abab-abab", "abab"], ["ab-abac", ""], ["abab-abac-123", "abab-abac-123"]] as const) {
      const scrubber = SecretScrubber.for(secret)!;
      expect(scrubber.push(tail).toString(), tail).toBe(tail.slice(0, tail.length - held.length));
      expect(scrubber.flush().toString(), tail).toBe(held);
    }
  });

  it("ignores credentials too short to scrub safely", () => {
    expect(SecretScrubber.for("abc")).toBeUndefined();
  });
});

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

  it("ignores credentials too short to scrub safely", () => {
    expect(SecretScrubber.for("abc")).toBeUndefined();
  });
});

import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, generateMasterKey, parseMasterKey, credentialHint } from "./secrets";

describe("credential encryption", () => {
  const key = parseMasterKey(generateMasterKey());
  it("round-trips and never stores the plaintext", () => {
    const sealed = encryptSecret(key, "sk-canary-123456");
    expect(Buffer.from(sealed).toString("latin1")).not.toContain("sk-canary");
    expect(decryptSecret(key, sealed)).toBe("sk-canary-123456");
  });
  it("refuses a different master key with a clear message", () => {
    const sealed = encryptSecret(key, "secret");
    expect(() => decryptSecret(parseMasterKey(generateMasterKey()), sealed)).toThrow(/another AIRLOCK_MASTER_KEY/);
  });
  it("detects tampering", () => {
    const sealed = encryptSecret(key, "secret");
    sealed[sealed.length - 1]! ^= 1;
    expect(() => decryptSecret(key, sealed)).toThrow();
  });
  it("rejects a master key of the wrong size, naming the variable", () => {
    expect(() => parseMasterKey("c2hvcnQ=")).toThrow(/AIRLOCK_MASTER_KEY must be 32 bytes/);
  });
  it("shows only the last four characters", () => {
    expect(credentialHint("sk-abcdefgh1234")).toBe("…1234");
  });
});

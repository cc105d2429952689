import { describe, expect, it } from "vitest";
import { assertUpstreamAllowed } from "./guarded-lookup";
import { isPrivateAddress } from "./private-address";

describe("isPrivateAddress", () => {
  it.each(["127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:127.0.0.1", "::ffff:169.254.169.254"])(
    "refuses %s",
    (ip) => expect(isPrivateAddress(ip)).toBe(true),
  );
  it.each(["8.8.8.8", "1.1.1.1", "172.32.0.1", "2606:4700:4700::1111"])("allows %s", (ip) => expect(isPrivateAddress(ip)).toBe(false));
});

describe("assertUpstreamAllowed", () => {
  it("refuses metadata hosts, localhost and private literals", () => {
    expect(() => assertUpstreamAllowed(new URL("http://169.254.169.254/latest/meta-data"))).toThrow(/private or link-local/);
    expect(() => assertUpstreamAllowed(new URL("http://metadata.google.internal/"))).toThrow(/metadata/);
    expect(() => assertUpstreamAllowed(new URL("http://localhost:8080/"))).toThrow(/loopback/);
    expect(() => assertUpstreamAllowed(new URL("http://[::1]:8080/"))).toThrow(/::1/);
  });
  it("lets public names through to the resolve-time check", () => {
    expect(() => assertUpstreamAllowed(new URL("https://api.openai.com/v1"))).not.toThrow();
  });
});

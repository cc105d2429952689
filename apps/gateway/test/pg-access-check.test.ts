// An open Postgres session re-checks its caller's access before each statement, reusing the last
// check until a configuration change arrives or a second has passed.
import { describe, expect, it } from "vitest";
import { AccessCheck, ConfigEpoch, RECHECK_MS } from "../src/pg/session/access-check";

function world(results: (() => Promise<string>)[]) {
  let now = 1_000_000;
  let checks = 0;
  const epoch = new ConfigEpoch();
  const access = new AccessCheck(
    epoch,
    () => {
      const next = results[Math.min(checks, results.length - 1)]!;
      checks++;
      return next();
    },
    () => now,
  );
  return {
    access,
    epoch,
    checks: () => checks,
    advance: (ms: number) => {
      now += ms;
    },
  };
}

describe("AccessCheck", () => {
  it("reuses a check for statements that follow quickly", async () => {
    const w = world([async () => "rules v1"]);
    expect(await w.access.current()).toBe("rules v1");
    w.advance(RECHECK_MS - 1);
    expect(await w.access.current()).toBe("rules v1");
    expect(w.checks()).toBe(1);
  });

  it("answers a reusable check synchronously, so a statement is forwarded in the turn it arrived", async () => {
    const w = world([async () => "rules v1"]);
    const first = w.access.current();
    expect(first).toBeInstanceOf(Promise);
    await first;
    expect(w.access.current()).toBe("rules v1");
    w.epoch.bump();
    expect(w.access.current()).toBeInstanceOf(Promise);
  });

  it("checks again at the first statement after a configuration change", async () => {
    const w = world([async () => "rules v1", async () => "rules v2"]);
    await w.access.current();
    w.epoch.bump();
    expect(await w.access.current()).toBe("rules v2");
    expect(w.checks()).toBe(2);
  });

  it("checks again once a second has passed, whatever happened meanwhile", async () => {
    const w = world([async () => "rules v1", async () => "rules v2"]);
    await w.access.current();
    w.advance(RECHECK_MS);
    expect(await w.access.current()).toBe("rules v2");
  });

  it("never reuses a failed check", async () => {
    const w = world([() => Promise.reject(new Error("key revoked")), async () => "rules v1"]);
    await expect(w.access.current()).rejects.toThrow("key revoked");
    expect(await w.access.current()).toBe("rules v1");
    expect(w.checks()).toBe(2);
  });

  it("does not reuse a check that was under way when the configuration changed", async () => {
    let release: (value: string) => void = () => undefined;
    const w = world([() => new Promise<string>((resolve) => (release = resolve)), async () => "rules v2"]);
    const first = w.access.current();
    w.epoch.bump();
    release("rules v1");
    expect(await first).toBe("rules v1");
    expect(await w.access.current()).toBe("rules v2");
  });
});

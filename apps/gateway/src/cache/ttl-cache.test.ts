import { describe, expect, it } from "vitest";
import { TtlCache } from "./ttl-cache";

describe("TtlCache", () => {
  it("loads once for concurrent misses and serves later reads from memory", async () => {
    const cache = new TtlCache<string, number>(60_000);
    let loads = 0;
    const load = async () => {
      loads += 1;
      return 42;
    };
    const values = await Promise.all([cache.get("a", load), cache.get("a", load), cache.get("a", load)]);
    expect(values).toEqual([42, 42, 42]);
    await cache.get("a", load);
    expect(loads).toBe(1);
  });

  it("does not keep a value loaded before an invalidation", async () => {
    const cache = new TtlCache<string, string>(60_000);
    let release: (v: string) => void = () => {};
    const slow = cache.get("k", () => new Promise<string>((resolve) => (release = resolve)));
    cache.clear();
    release("stale");
    await slow;
    expect(cache.peek("k")).toBeUndefined();
    expect(await cache.get("k", async () => "fresh")).toBe("fresh");
  });

  it("does not cache failures", async () => {
    const cache = new TtlCache<string, string>(60_000);
    await expect(cache.get("k", () => Promise.reject(new Error("db down")))).rejects.toThrow("db down");
    expect(await cache.get("k", async () => "ok")).toBe("ok");
  });

  it("evicts the oldest entry beyond its bound", async () => {
    const cache = new TtlCache<number, number>(60_000, 2);
    for (const k of [1, 2, 3]) await cache.get(k, async (key) => key);
    expect(cache.peek(1)).toBeUndefined();
    expect(cache.peek(3)).toBe(3);
  });
});

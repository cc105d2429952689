import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { ActiveSession } from "./active-session";
import type { EventRecord, RecorderRecord } from "./records";
import { SessionLifecycle } from "./session-lifecycle";

const SEAL_MS = 1_000;

describe("SessionLifecycle", () => {
  let now = 0;
  let records: RecorderRecord[];
  let lifecycle: SessionLifecycle;

  beforeEach(() => {
    vi.useFakeTimers();
    now = 1_000_000;
    records = [];
    lifecycle = new SessionLifecycle({
      idleMs: 300_000,
      sealIntervalMs: SEAL_MS,
      clock: () => now,
      seal: { enqueue: (r) => records.push(r), hashKey: Buffer.alloc(32, 7) },
      forget: () => undefined,
    });
  });
  afterEach(() => {
    lifecycle.closeAll();
    vi.useRealTimers();
  });

  const advance = (ms: number) => {
    now += ms;
    vi.advanceTimersByTime(ms);
  };
  const seals = () => records.filter((r): r is EventRecord => r.kind === "event" && r.type === "session.seal");
  const sealedChains = () => seals().flatMap((r) => (JSON.parse(r.payloadJson) as { exchanges: { chainId: string }[] }).exchanges.map((e) => e.chainId));

  it("seals, within the seal interval, only the sessions whose exchanges finished since their last seal", () => {
    const busy = new ActiveSession("ses_busy", now, now, true);
    const quiet = new ActiveSession("ses_quiet", now, now, true);
    lifecycle.track(busy);
    lifecycle.track(quiet);
    advance(SEAL_MS * 3);
    expect(seals()).toEqual([]);

    expect(busy.chainFinished("ex_1", 2, "h1")).toBe(true);
    expect(busy.chainFinished("ex_2", 2, "h2")).toBe(true);
    advance(SEAL_MS / 2);
    expect(sealedChains()).toEqual(["ex_1", "ex_2"]);
    expect(seals().every((r) => r.sessionId === "ses_busy")).toBe(true);

    // The next finished exchange waits for the interval since that seal, not longer.
    busy.chainFinished("ex_3", 2, "h3");
    advance(SEAL_MS / 2);
    expect(sealedChains()).toEqual(["ex_1", "ex_2"]);
    advance(SEAL_MS);
    expect(sealedChains()).toEqual(["ex_1", "ex_2", "ex_3"]);
    expect(seals().filter((r) => r.sessionId === "ses_quiet")).toEqual([]);
  });

  it("leaves an exchange finished after its session closed to a checkpoint of its own", () => {
    const session = new ActiveSession("ses_closing", now, now, true);
    lifecycle.track(session);
    lifecycle.close(session, "shutdown");
    expect(session.chainFinished("ex_late", 2, "h")).toBe(false);
    advance(SEAL_MS * 2);
    expect(sealedChains()).toEqual([]);
  });
});

// The replay player's clock and transcript: where each recorded step lands in playback time, how
// many are visible at a playhead, and how streamed chunks join into one growing answer.
import { describe, expect, it } from "vitest";
import type { ReplayStep } from "@/hooks/use-sessions";
import { buildTranscript, streamedChains, timeSteps, visibleCount } from "@/components/sessions/replay-model";

let seq = 0;
function event(offsetMs: number, type: string, chainId: string | null = "c1"): ReplayStep {
  seq += 1;
  return { kind: "event", seq, chainId, offsetMs, title: type, type, payload: {}, delta: null };
}
function chunk(offsetMs: number, delta: string, chainId: string | null = "c1"): ReplayStep {
  seq += 1;
  return { kind: "chunk", seq, chainId, offsetMs, title: null, type: null, payload: null, delta };
}

describe("timeSteps", () => {
  it("keeps the recorded pace, starting the first step at zero", () => {
    const timed = timeSteps([event(1_000, "exchange.request"), event(1_250, "exchange.start"), event(4_250, "exchange.end")], null);
    expect(timed.map((t) => t.at)).toEqual([0, 250, 3_250]);
  });

  it("shortens idle gaps longer than the limit, and only those", () => {
    const timed = timeSteps([event(0, "a"), event(500, "b"), event(120_500, "c"), event(121_000, "d")], 2_000);
    expect(timed.map((t) => t.at)).toEqual([0, 500, 2_500, 3_000]);
  });

  it("gives steps recorded in the same millisecond distinct, increasing times", () => {
    const timed = timeSteps([event(10, "a"), event(10, "b"), event(10, "c")], null);
    const times = timed.map((t) => t.at);
    expect(times[0]).toBe(0);
    expect(times[1]).toBeGreaterThan(times[0] as number);
    expect(times[2]).toBeGreaterThan(times[1] as number);
    expect(times[2]).toBeLessThan(1);
  });

  it("never moves backwards when offsets are out of order", () => {
    const timed = timeSteps([event(100, "a"), event(50, "b"), event(150, "c")], null);
    const times = timed.map((t) => t.at);
    expect([...times].sort((x, y) => x - y)).toEqual(times);
  });
});

describe("visibleCount", () => {
  const timed = timeSteps([event(0, "a"), event(100, "b"), event(300, "c")], null);

  it("counts the steps that have happened by the playhead, the one exactly at it included", () => {
    expect(visibleCount(timed, 0)).toBe(1);
    expect(visibleCount(timed, 99)).toBe(1);
    expect(visibleCount(timed, 100)).toBe(2);
    expect(visibleCount(timed, 299)).toBe(2);
    expect(visibleCount(timed, 10_000)).toBe(3);
  });

  it("is zero before the start and for an empty timeline", () => {
    expect(visibleCount(timed, -1)).toBe(0);
    expect(visibleCount([], 500)).toBe(0);
  });

  it("reveals same-millisecond steps one at a time when stepping to each", () => {
    const tied = timeSteps([event(10, "a"), event(10, "b")], null);
    expect(visibleCount(tied, (tied[0] as { at: number }).at)).toBe(1);
    expect(visibleCount(tied, (tied[1] as { at: number }).at)).toBe(2);
  });
});

describe("buildTranscript", () => {
  it("joins an exchange's chunks into one stream entry placed where the first chunk came", () => {
    const entries = buildTranscript([event(0, "exchange.request"), chunk(100, "Hel"), chunk(150, "lo"), chunk(200, "!"), event(250, "exchange.end")]);
    expect(entries.map((e) => e.kind)).toEqual(["event", "stream", "event"]);
    const stream = entries[1];
    expect(stream).toMatchObject({ kind: "stream", text: "Hello!", chunks: 3, offsetMs: 100, done: true });
  });

  it("marks a stream unfinished until its exchange ends", () => {
    const entries = buildTranscript([event(0, "exchange.request"), chunk(100, "Hel")]);
    expect(entries[1]).toMatchObject({ kind: "stream", text: "Hel", done: false });
  });

  it("keeps concurrent exchanges' streams apart", () => {
    const entries = buildTranscript([chunk(0, "a1", "A"), chunk(1, "b1", "B"), chunk(2, "a2", "A"), event(3, "exchange.end", "B")]);
    const streams = entries.filter((e) => e.kind === "stream");
    expect(streams).toHaveLength(2);
    expect(streams[0]).toMatchObject({ chainId: "A", text: "a1a2", done: false });
    expect(streams[1]).toMatchObject({ chainId: "B", text: "b1", done: true });
  });

  it("treats a missing delta as empty text but still counts the chunk", () => {
    const entries = buildTranscript([{ ...chunk(0, "x"), delta: null }]);
    expect(entries[0]).toMatchObject({ kind: "stream", text: "", chunks: 1 });
  });

  it("gives every entry a distinct key", () => {
    const entries = buildTranscript([event(0, "a"), event(0, "a"), chunk(1, "x"), event(2, "exchange.end")]);
    expect(new Set(entries.map((e) => e.key)).size).toBe(entries.length);
  });
});

describe("streamedChains", () => {
  it("names the exchanges whose text was shown as a stream (so their end event does not repeat it)", () => {
    const entries = buildTranscript([chunk(0, "x", "A"), event(1, "exchange.end", "A"), event(2, "exchange.end", "B"), chunk(3, "y", null)]);
    const chains = streamedChains(entries);
    expect(chains.has("A")).toBe(true);
    expect(chains.has("B")).toBe(false);
    expect(chains.has("")).toBe(true);
  });
});

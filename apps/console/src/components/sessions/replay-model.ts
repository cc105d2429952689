// Pure helpers behind the replay player: where each step sits on the playback clock, how many
// steps are visible at a given moment, and the transcript those steps add up to.
import type { ReplayStep } from "@/hooks/use-sessions";

const TIE_MS = 0.001;

export interface TimedStep {
  step: ReplayStep;
  /** Playback time in ms: the recorded offset, with long idle gaps shortened when asked. */
  at: number;
}

/**
 * Keeps the recorded pace between steps, except that gaps longer than `maxGapMs` (a reviewer
 * thinking for two minutes, an idle connection) are shortened to it when `maxGapMs` is set.
 */
export function timeSteps(steps: readonly ReplayStep[], maxGapMs: number | null): TimedStep[] {
  const out: TimedStep[] = [];
  let at = 0;
  let previous: number | null = null;
  for (const step of steps) {
    const gap = previous === null ? 0 : Math.max(0, step.offsetMs - previous);
    at += maxGapMs === null ? gap : Math.min(gap, maxGapMs);
    previous = step.offsetMs;
    // Steps recorded in the same millisecond get distinct (imperceptibly later) times, so "Step"
    // can reveal exactly one of them.
    const last = out.at(-1);
    if (last && at <= last.at) at = last.at + TIE_MS;
    out.push({ step, at });
  }
  return out;
}

/** How many steps have happened by `playhead` (steps are sorted by `at`). */
export function visibleCount(timed: readonly TimedStep[], playhead: number): number {
  let lo = 0;
  let hi = timed.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((timed[mid] as TimedStep).at <= playhead) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

export type TranscriptEntry =
  | { kind: "event"; key: string; step: ReplayStep }
  | { kind: "stream"; key: string; chainId: string | null; text: string; chunks: number; offsetMs: number; done: boolean };

/** The steps shown so far, with each exchange's streamed chunks joined into one growing text. */
export function buildTranscript(steps: readonly ReplayStep[]): TranscriptEntry[] {
  const entries: TranscriptEntry[] = [];
  const streams = new Map<string, Extract<TranscriptEntry, { kind: "stream" }>>();
  steps.forEach((step, index) => {
    const chain = step.chainId ?? "";
    if (step.kind === "chunk") {
      let stream = streams.get(chain);
      if (!stream) {
        stream = { kind: "stream", key: `stream-${chain}-${index}`, chainId: step.chainId, text: "", chunks: 0, offsetMs: step.offsetMs, done: false };
        streams.set(chain, stream);
        entries.push(stream);
      }
      stream.text += step.delta ?? "";
      stream.chunks += 1;
      return;
    }
    if (step.type === "exchange.end") {
      const stream = streams.get(chain);
      if (stream) stream.done = true;
    }
    entries.push({ kind: "event", key: `event-${chain}-${step.seq}-${index}`, step });
  });
  return entries;
}

/** True when the exchange this step ends already showed its text as a stream. */
export function streamedChains(entries: readonly TranscriptEntry[]): Set<string> {
  return new Set(entries.filter((e) => e.kind === "stream").map((e) => (e as { chainId: string | null }).chainId ?? ""));
}

export const SPEEDS = [0.5, 1, 1.5, 2, 4] as const;

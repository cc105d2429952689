import { expandChunks } from "./chunks";
import { describeEvent } from "./describe-event";
import type { RecordedEvent } from "./events";
import { fromStoredEvent } from "./stored-event";
import type { StoredEvent } from "./stored-event";

interface StepPosition {
  /** Seq of the event the step comes from. */
  seq: number;
  /** When to show the step, in ms since the session started. */
  offsetMs: number;
  exchangeId: string | null;
}

export type ReplayStep =
  | (StepPosition & { kind: "event"; title: string; event: RecordedEvent })
  /** One streamed chunk of an `exchange.chunks` event; `chunkIndex` counts within that event. */
  | (StepPosition & { kind: "chunk"; chunkIndex: number; delta: string });

/**
 * The steps a replay player shows, in the order they happened: every event except
 * `exchange.chunks`, which is expanded into one step per chunk at the chunk's own time.
 * Ordered by offsetMs, then seq, then chunk index, so concurrent exchanges interleave as they ran.
 */
export function replayTimeline(events: readonly StoredEvent[]): ReplayStep[] {
  const steps: ReplayStep[] = [];
  for (const row of events) {
    const event = fromStoredEvent(row);
    const position = { seq: event.seq, exchangeId: event.exchangeId };
    if (event.type === "exchange.chunks") {
      expandChunks(event).forEach((chunk, chunkIndex) => {
        steps.push({ ...position, kind: "chunk", offsetMs: chunk.offsetMs, chunkIndex, delta: chunk.delta });
      });
    } else {
      steps.push({ ...position, kind: "event", offsetMs: event.offsetMs, title: describeEvent(event), event });
    }
  }
  return steps.sort(
    (a, b) => a.offsetMs - b.offsetMs || a.seq - b.seq || chunkIndexOf(a) - chunkIndexOf(b),
  );
}

function chunkIndexOf(step: ReplayStep): number {
  return step.kind === "chunk" ? step.chunkIndex : -1;
}

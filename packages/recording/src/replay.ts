import { expandChunks } from "./chunks";
import { describeEvent } from "./describe-event";
import { expandExchangeParts } from "./exchange-parts";
import type { RecordedEvent } from "./events";
import { SEAL_EVENT_TYPE } from "./seal";
import { expandStatements } from "./statements";
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
  /**
   * An event. A compact `sql.statements` event appears as one `sql.statement` event per statement
   * (followed by a `mask.applied` one when its results were masked), each at the statement's own
   * time; an `exchange.request` or `exchange.end` with folded parts appears as the events it stands
   * for (exchange-parts.ts). Those share the seq, envelope and hash of the event they come from.
   */
  | (StepPosition & { kind: "event"; title: string; event: RecordedEvent })
  /** One streamed chunk of an `exchange.chunks` event; `chunkIndex` counts within that event. */
  | (StepPosition & { kind: "chunk"; chunkIndex: number; delta: string });

/**
 * The steps a replay player shows, in the order they happened: every event, with the compact ones
 * expanded (`exchange.chunks` into one step per chunk, `sql.statements` into one step per
 * statement, folded exchange parts into their own steps), each at its own recorded time. Ordered
 * by offsetMs, then seq, then position within the event, so concurrent exchanges interleave as
 * they ran. `session.seal` events are integrity bookkeeping (seal.ts), not something that
 * happened in the session, and are left out.
 */
export function replayTimeline(events: readonly StoredEvent[]): ReplayStep[] {
  const steps: { step: ReplayStep; part: number }[] = [];
  for (const row of events) {
    if (row.type === SEAL_EVENT_TYPE) continue;
    const event = fromStoredEvent(row);
    const position = { seq: event.seq, exchangeId: event.exchangeId };
    if (event.type === "exchange.chunks") {
      expandChunks(event).forEach((chunk, chunkIndex) => {
        steps.push({ step: { ...position, kind: "chunk", offsetMs: chunk.offsetMs, chunkIndex, delta: chunk.delta }, part: chunkIndex });
      });
    } else if (event.type === "sql.statements") {
      for (const statement of expandStatements(event)) {
        const { masked, ...payload } = statement.payload;
        const envelope = { ...event, at: statement.at, offsetMs: statement.offsetMs };
        const expanded: RecordedEvent[] = [{ ...envelope, type: "sql.statement", payload }];
        if (masked && masked.length > 0) expanded.push({ ...envelope, type: "mask.applied", payload: { direction: "response", findings: masked } });
        for (const one of expanded) {
          steps.push({ step: { ...position, kind: "event", offsetMs: one.offsetMs, title: describeEvent(one), event: one }, part: steps.length });
        }
      }
    } else {
      const parts = expandExchangeParts(event);
      parts.forEach((one, i) => {
        steps.push({ step: { ...position, kind: "event", offsetMs: one.offsetMs, title: describeEvent(one), event: one }, part: parts.length === 1 ? -1 : i });
      });
    }
  }
  return steps
    .sort((a, b) => a.step.offsetMs - b.step.offsetMs || a.step.seq - b.step.seq || a.part - b.part)
    .map(({ step }) => step);
}

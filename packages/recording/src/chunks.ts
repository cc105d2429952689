import type { StoredEvent } from "./stored-event";

export interface ReplayChunk {
  /** When the chunk reached the gateway, in ms since the session started. */
  offsetMs: number;
  delta: string;
}

/** The chunks of one compact `exchange.chunks` event, one entry per streamed chunk, in order. */
export function expandChunks(event: Pick<StoredEvent, "type" | "seq" | "payload">): ReplayChunk[] {
  if (event.type !== "exchange.chunks") {
    throw new TypeError(`seq ${event.seq} is a ${event.type} event, not exchange.chunks`);
  }
  const payload = event.payload as { offsetsMs?: unknown; deltas?: unknown } | null;
  const offsets = payload?.offsetsMs;
  const deltas = payload?.deltas;
  if (!Array.isArray(offsets) || !Array.isArray(deltas) || offsets.length !== deltas.length) {
    throw new TypeError(`seq ${event.seq}: offsetsMs and deltas must be arrays of the same length`);
  }
  return offsets.map((offsetMs: unknown, i) => {
    const delta: unknown = deltas[i];
    if (typeof offsetMs !== "number" || !Number.isFinite(offsetMs) || typeof delta !== "string") {
      throw new TypeError(`seq ${event.seq}: chunk ${i} needs a numeric offset and a string delta`);
    }
    return { offsetMs, delta };
  });
}

// Recorded events lost: after the load, the recorder is flushed and every exchange the gateway
// counted (its own Prometheus counter) must have its exchange.request and exchange.end in the DB.
import type { BenchChild } from "./children";
import { countRecorded } from "./seed";

export interface RecordingCheck {
  connection: string;
  /** Exchanges the gateway finished, from airlock_http_requests_total. */
  exchanges: number;
  recordedRequests: number;
  recordedEnds: number;
  /** exchanges − recorded (per event type, the larger); 0 is the target. */
  lost: number;
  statuses: Record<string, number>;
}

/** Sums airlock_http_requests_total for one connection, by status. */
export async function exchangeCounts(gateway: BenchChild, connection: string): Promise<Record<string, number>> {
  const text = await (await fetch(`http://127.0.0.1:${gateway.ports.admin}/metrics`)).text();
  const statuses: Record<string, number> = {};
  for (const line of text.split("\n")) {
    if (!line.startsWith("airlock_http_requests_total{") || !line.includes(`connection="${connection}"`)) continue;
    const status = /status="([^"]*)"/.exec(line)?.[1] ?? "?";
    statuses[status] = (statuses[status] ?? 0) + Number(line.slice(line.lastIndexOf(" ") + 1));
  }
  return statuses;
}

export async function checkRecording(gateway: BenchChild, databaseUrl: string, connection: string, connectionId: string): Promise<RecordingCheck> {
  const statuses = await exchangeCounts(gateway, connection);
  const exchanges = Object.values(statuses).reduce((a, b) => a + b, 0);
  const recorded = await countRecorded(databaseUrl, connectionId);
  return {
    connection,
    exchanges,
    recordedRequests: recorded.requests,
    recordedEnds: recorded.ends,
    lost: Math.max(exchanges - recorded.requests, exchanges - recorded.ends),
    statuses,
  };
}

// Time to first token over SSE: sequential streaming requests, timed with process.hrtime from the
// moment the request is written to the moment a response chunk completes the first event that
// carries content. Requests rotate across the targets so that machine drift hits all alike.
import http from "node:http";
import { hasFirstToken, requestBody } from "./payloads";

export interface StreamTarget {
  name: string;
  url: string;
  auth?: string;
}

export interface StreamTiming {
  /** ms to the first content-bearing event. */
  firstTokenMs: number;
  /** ms to the end of the stream. */
  totalMs: number;
}

const BODY = Buffer.from(requestBody("sse"));

function streamOnce(target: StreamTarget, agent: http.Agent): Promise<StreamTiming> {
  return new Promise((resolve, reject) => {
    const headers: http.OutgoingHttpHeaders = {
      "content-type": "application/json",
      accept: "text/event-stream",
      "content-length": BODY.length,
      ...(target.auth ? { authorization: target.auth } : {}),
    };
    const start = process.hrtime.bigint();
    let first: bigint | undefined;
    let seen = "";
    const request = http.request(target.url, { method: "POST", headers, agent }, (response) => {
      if (response.statusCode !== 200) {
        response.resume();
        return reject(new Error(`${target.name}: HTTP ${response.statusCode}`));
      }
      response.setEncoding("utf8");
      response.on("data", (part: string) => {
        if (first !== undefined) return;
        const now = process.hrtime.bigint();
        seen += part;
        if (hasFirstToken(seen)) first = now;
      });
      response.on("end", () => {
        const end = process.hrtime.bigint();
        if (first === undefined) return reject(new Error(`${target.name}: the stream carried no content`));
        resolve({ firstTokenMs: Number(first - start) / 1e6, totalMs: Number(end - start) / 1e6 });
      });
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(BODY);
  });
}

/** `perTarget` streams to each target, interleaved; returns the timings per target name. */
export async function measureTtft(targets: StreamTarget[], perTarget: number): Promise<Record<string, StreamTiming[]>> {
  const agents = new Map(targets.map((t) => [t.name, new http.Agent({ keepAlive: true, maxSockets: 1 })]));
  const timings: Record<string, StreamTiming[]> = Object.fromEntries(targets.map((t) => [t.name, []]));
  try {
    for (let i = 0; i < perTarget; i++) {
      for (const target of targets) timings[target.name]!.push(await streamOnce(target, agents.get(target.name)!));
    }
  } finally {
    for (const agent of agents.values()) agent.destroy();
  }
  return timings;
}

// Many concurrent slow streams through the gateway while its RSS is sampled from /proc: the
// memory a gateway needs to hold long-lived LLM streams open.
import http from "node:http";
import { hasFirstToken, requestBody } from "./payloads";
import { percentile } from "./stats";

export interface ConcurrentStreamsResult {
  streams: number;
  completed: number;
  failed: number;
  /** Most streams that had received their first token and not yet ended, at one moment. */
  peakOpen: number;
  baselineRssMB: number;
  /** Highest RSS sampled during the run, the RSS before it included. */
  peakRssMB: number;
  /**
   * Highest RSS sampled while at least 90% of the streams were open at once: what holding them
   * costs. After the load phases the RSS before the streams is often higher than this, because
   * V8 and the allocator give freed memory back to the system only some time after a load ends.
   */
  openRssMB: number;
  endRssMB: number;
  firstTokenP50Ms: number;
  firstTokenP99Ms: number;
  firstTokenMaxMs: number;
  durationS: number;
  errors: string[];
  /** The gateway's process.memoryUsage() half-way through, in MB: what the RSS is made of. */
  midStreamMemoryMB?: Record<string, number>;
}

export interface ConcurrentStreamsOptions {
  url: string;
  /** The request each stream sends; by default a short chat prompt. */
  body?: Buffer;
  auth: string;
  streams: number;
  rss(): number | undefined;
  /** The gateway's process.memoryUsage(), asked for half-way through. */
  memoryUsage?: () => Promise<NodeJS.MemoryUsage>;
  /** How long each stream lasts upstream, to know when half-way is. */
  streamMs: number;
  sampleEveryMs?: number;
  timeoutMs: number;
}

const SHORT_PROMPT = Buffer.from(requestBody("sse-slow"));
const MB = 1024 * 1024;

export async function runConcurrentStreams(options: ConcurrentStreamsOptions): Promise<ConcurrentStreamsResult> {
  const body = options.body ?? SHORT_PROMPT;
  // One socket per stream, as 1,000 separate clients would have.
  const agent = new http.Agent({ keepAlive: false, maxSockets: Infinity });
  const baseline = options.rss() ?? 0;
  let peak = baseline;
  let peakWhileOpen = 0;
  const sampler = setInterval(() => {
    const rss = options.rss() ?? 0;
    peak = Math.max(peak, rss);
    if (open >= options.streams * 0.9) peakWhileOpen = Math.max(peakWhileOpen, rss);
  }, options.sampleEveryMs ?? 100);
  let open = 0;
  let peakOpen = 0;
  const firstTokens: number[] = [];
  const errors = new Map<string, number>();
  const started = performance.now();

  const one = () =>
    new Promise<boolean>((resolve) => {
      const start = performance.now();
      let gotFirst = false;
      let seen = "";
      const fail = (reason: string) => {
        if (gotFirst) open -= 1;
        gotFirst = false;
        errors.set(reason, (errors.get(reason) ?? 0) + 1);
        resolve(false);
      };
      const request = http.request(
        options.url,
        { method: "POST", agent, timeout: options.timeoutMs, headers: { "content-type": "application/json", accept: "text/event-stream", "content-length": body.length, authorization: options.auth } },
        (response) => {
          if (response.statusCode !== 200) {
            response.resume();
            return fail(`HTTP ${response.statusCode}`);
          }
          response.setEncoding("utf8");
          response.on("data", (part: string) => {
            if (gotFirst) return;
            seen += part;
            if (!hasFirstToken(seen)) return;
            gotFirst = true;
            firstTokens.push(performance.now() - start);
            open += 1;
            peakOpen = Math.max(peakOpen, open);
          });
          response.on("end", () => {
            if (!gotFirst) return fail("ended without content");
            open -= 1;
            resolve(true);
          });
          response.on("error", (error) => fail(error.message));
        },
      );
      request.on("timeout", () => request.destroy(new Error("timed out")));
      request.on("error", (error) => fail(error.message));
      request.end(body);
    });

  let midStream: Record<string, number> | undefined;
  const probe = setTimeout(() => {
    void options.memoryUsage?.().then(
      (usage) => (midStream = Object.fromEntries(Object.entries(usage).map(([k, v]) => [k, Math.round(v / MB)]))),
      () => undefined,
    );
  }, options.streamMs / 2);
  const outcomes = await Promise.all(Array.from({ length: options.streams }, one));
  clearTimeout(probe);
  clearInterval(sampler);
  agent.destroy();
  const completed = outcomes.filter(Boolean).length;
  return {
    streams: options.streams,
    completed,
    failed: options.streams - completed,
    peakOpen,
    baselineRssMB: Math.round(baseline / MB),
    peakRssMB: Math.round(peak / MB),
    openRssMB: Math.round(peakWhileOpen / MB),
    endRssMB: Math.round((options.rss() ?? 0) / MB),
    firstTokenP50Ms: Math.round(percentile(firstTokens, 50)),
    firstTokenP99Ms: Math.round(percentile(firstTokens, 99)),
    firstTokenMaxMs: Math.round(percentile(firstTokens, 100)),
    durationS: Math.round((performance.now() - started) / 100) / 10,
    errors: [...errors].map(([reason, count]) => `${count}× ${reason}`),
    ...(midStream ? { midStreamMemoryMB: midStream } : {}),
  };
}

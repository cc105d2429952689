// While a reply streams, the gateway holds nothing of the request it forwarded. A stream can last
// minutes; if each open stream kept its prompt (as received, parsed, masked or as sent), memory
// would grow with prompt size times open streams, and a thousand streams of long prompts would
// exhaust a gateway that holds their sockets with ease.
import http, { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { setFlagsFromString } from "node:v8";
import { setTimeout as sleep } from "node:timers/promises";
import { runInNewContext } from "node:vm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { grant, seedConnection, seedMaskingRule } from "./helpers/seed";
import { seedWorld, type World } from "./helpers/world";

const STREAMS = 8;
const PROMPT_BYTES = 1024 * 1024;

const chunk = (delta: object, finish: string | null = null) =>
  `data: ${JSON.stringify({ id: "chatcmpl-held", object: "chat.completion.chunk", created: 1, model: "gpt-4o", choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`;

// An OpenAI-shaped upstream that keeps nothing of what it receives (only its size) and holds each
// stream open after its first chunk until the test ends them all, so the readings below see only
// what the gateway (and the test's own client) holds.
const receivedBytes: number[] = [];
const waiting: ServerResponse[] = [];
const holdingUpstream = createServer((req, res) => {
  let bytes = 0;
  req.on("data", (part: Buffer) => (bytes += part.length));
  req.on("end", () => {
    receivedBytes.push(bytes);
    res.writeHead(200, { "content-type": "text/event-stream" });
    res.write(chunk({ role: "assistant", content: "" }));
    waiting.push(res);
  });
});
function endHeldStreams(): void {
  for (const res of waiting.splice(0)) res.end(`${chunk({ content: "all done" })}${chunk({}, "stop")}data: [DONE]\n\n`);
}

let h: Harness;
let w: World;
let url: string;

beforeAll(async () => {
  await new Promise<void>((resolve) => holdingUpstream.listen(0, "127.0.0.1", resolve));
  const upstreamUrl = `http://127.0.0.1:${(holdingUpstream.address() as AddressInfo).port}`;
  h = await startHarness({ env: { AIRLOCK_ALLOW_PRIVATE_UPSTREAMS: "true" } });
  w = await seedWorld(h);
  // Request masking, so that the body forwarded is a copy of its own as well.
  const masked = await seedConnection(h.db, h.masterKey, { name: "openai-held-streams", kind: "openai", upstreamUrl, credential: h.canary.openai });
  await grant(h.db, masked.id, { serviceAccountId: w.serviceAccountId });
  await seedMaskingRule(h.db, { detector: "email", directions: ["request"], connectionId: masked.id });
  url = `${h.url}/c/${masked.name}/v1/chat/completions`;
});
afterAll(async () => {
  endHeldStreams();
  await h?.close();
  holdingUpstream.closeAllConnections();
  await new Promise((resolve) => holdingUpstream.close(resolve));
});

/** A full garbage collection, without starting the test process with --expose-gc. */
function collectGarbage(): void {
  setFlagsFromString("--expose-gc");
  (runInNewContext("gc") as () => void)();
}

/** The JavaScript heap in use plus Buffers' memory, once the recorder has written all it holds. */
async function retainedBytes(): Promise<number> {
  await h.gateway.services.recorder.flush();
  collectGarbage();
  // V8 frees the memory of dead Buffers on another thread, after the collection: wait for it.
  await sleep(100);
  collectGarbage();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

/** A long prompt of its own (nothing shared with other requests), with an address to mask. */
function longPrompt(seed: number): string {
  const filler = `${seed}: the quarterly figures, region by region, for jane.doe@example.com to review. `;
  return filler.repeat(Math.ceil(PROMPT_BYTES / filler.length)).slice(0, PROMPT_BYTES);
}

interface HeldStream {
  /** Resolves at the stream's first bytes. */
  started: Promise<void>;
  /** The whole stream as the client received it. */
  ended: Promise<string>;
}

function openStream(seed: number): HeldStream {
  let started!: () => void;
  const startedPromise = new Promise<void>((resolve) => (started = resolve));
  const ended = new Promise<string>((resolve, reject) => {
    const body = Buffer.from(JSON.stringify({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: longPrompt(seed) }] }));
    const headers = { authorization: `Bearer ${w.key}`, "content-type": "application/json", "content-length": body.length };
    const request = http.request(url, { method: "POST", headers }, (response) => {
      let text = "";
      response.setEncoding("utf8");
      response.on("data", (part: string) => {
        text += part;
        started();
      });
      response.on("end", () => (response.statusCode === 200 ? resolve(text) : reject(new Error(`HTTP ${response.statusCode}: ${text}`))));
      response.on("error", reject);
    });
    request.on("error", reject);
    request.end(body);
  });
  ended.catch(() => started());
  return { started: startedPromise, ended };
}

describe("memory while replies stream", () => {
  it("holds nothing of a forwarded request while its reply streams", async () => {
    // A first exchange, so that what the gateway sets up once (caches, sockets) is in both readings.
    const first = openStream(0);
    await first.started;
    endHeldStreams();
    await first.ended;

    const streams = Array.from({ length: STREAMS }, (_, i) => openStream(i + 1));
    await Promise.all(streams.map((s) => s.started));
    const whileOpen = await retainedBytes();
    endHeldStreams();
    const replies = await Promise.all(streams.map((s) => s.ended));
    const after = await retainedBytes();

    // Every stream carried a long, masked prompt upstream and its whole reply back.
    expect(receivedBytes.slice(1)).toHaveLength(STREAMS);
    expect(Math.min(...receivedBytes)).toBeGreaterThan(PROMPT_BYTES / 2);
    expect(replies.every((reply) => reply.includes("all done") && reply.includes("[DONE]"))).toBe(true);
    // An open stream holds sockets, parsers and the response's masking state: tens of kilobytes.
    // One kept form of its prompt would be a megabyte; the gateway used to keep four.
    expect((whileOpen - after) / STREAMS).toBeLessThan(PROMPT_BYTES / 4);
  });
});

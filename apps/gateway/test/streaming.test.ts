// Streams go out as the upstream produces them, stop the upstream when the client leaves, and end
// with a provider-shaped error when the upstream hangs or breaks.
import { preciseNow } from "@airlock/testkit";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { grant, seedConnection } from "./helpers/seed";
import { seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;

beforeAll(async () => {
  h = await startHarness({ env: { AIRLOCK_UPSTREAM_HEADERS_TIMEOUT_MS: "800", AIRLOCK_UPSTREAM_BODY_IDLE_TIMEOUT_MS: "800" } });
  w = await seedWorld(h);
  const dead = await seedConnection(h.db, h.masterKey, { name: "dead-upstream", kind: "openai", upstreamUrl: "http://127.0.0.1:1", credential: "x" });
  await grant(h.db, dead.id, { serviceAccountId: w.serviceAccountId });
});
afterAll(async () => h?.close());

const client = (connection = w.openai.name) => new OpenAI({ apiKey: w.key, baseURL: `${h.url}/c/${connection}/v1`, maxRetries: 0 });

function contentOf(sse: string): string {
  const data = sse.replace(/^data: /, "").trim();
  if (!data.startsWith("{")) return "";
  const chunk = JSON.parse(data) as { choices?: { delta?: { content?: string | null } }[] };
  return chunk.choices?.[0]?.delta?.content ?? "";
}

describe("streaming", () => {
  it("delivers chunks as the upstream emits them, not at the end", async () => {
    const { data: stream, response } = await client()
      .chat.completions.create({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "abcdefghijklmnop [[chunks:6 delay:200]]" }] })
      .withResponse();
    expect(response.headers.get("x-accel-buffering")).toBe("no");
    expect(response.headers.get("content-type")).toMatch(/^text\/event-stream/);
    const arrivals: { at: number; text: string }[] = [];
    for await (const chunk of stream) {
      const text = chunk.choices[0]?.delta.content ?? "";
      if (text) arrivals.push({ at: preciseNow(), text });
    }
    const emits = h.openai.lastRequest()?.emits.filter((e) => contentOf(e.data) !== "") ?? [];
    expect(emits).toHaveLength(6);
    expect(arrivals).toHaveLength(6);
    expect(arrivals.map((a) => a.text)).toEqual(emits.map((e) => contentOf(e.data)));
    const lags = arrivals.map((a, i) => a.at - emits[i]!.at).sort((a, b) => a - b);
    // Each chunk arrives after it was emitted, typically within a few milliseconds; a buffering
    // proxy would deliver all six after the last emit (a second later).
    expect(lags[0]).toBeGreaterThanOrEqual(0);
    expect(lags[2]).toBeLessThan(100);
    expect(arrivals[0]!.at).toBeLessThan(emits[5]!.at);
  });

  it("cancels the upstream request when the client disconnects", async () => {
    const before = h.openai.aborted;
    const controller = new AbortController();
    const stream = await client().chat.completions.create(
      { model: "gpt-4o", stream: true, messages: [{ role: "user", content: "a long answer that takes a while [[chunks:20 delay:200]]" }] },
      { signal: controller.signal },
    );
    let received = 0;
    await (async () => {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta.content) received += 1;
        if (received === 2) controller.abort();
      }
    })().catch(() => undefined);
    await h.openai.waitForAborted(before + 1, 3_000);
    expect(h.openai.lastRequest()?.finished).toBe(false);
  });

  it("answers 504 in OpenAI's shape when the upstream sends no headers in time", async () => {
    const error = await client().chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "[[hang-headers]]" }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
    expect((error as { code?: string }).code).toBe("upstream_timeout");
  });

  it("ends a stream that goes silent with an SSE error event", async () => {
    const stream = await client().chat.completions.create({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "one two three four [[hang-body-after:2]]" }] });
    let text = "";
    const error = await (async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    })().catch((e: unknown) => e);
    expect(text.length).toBeGreaterThan(0);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toMatch(/silent/);
  });

  it("answers 504 when a whole JSON body stalls", async () => {
    const error = await client().chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x [[hang-body-after:1]]" }] }).catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(504);
  });

  it("ends a stream the upstream breaks off with an SSE error event", async () => {
    const stream = await client().chat.completions.create({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "one two three four five [[break-stream-after:2]]" }] });
    const error = await (async () => {
      for await (const _ of stream) void _;
    })().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as Error).message).toMatch(/broke off/);
  });

  it("answers 502 when the upstream cannot be reached", async () => {
    const error = await client("dead-upstream").models.list().catch((e: unknown) => e);
    expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(502);
    expect((error as { code?: string }).code).toBe("upstream_unreachable");
  });
});

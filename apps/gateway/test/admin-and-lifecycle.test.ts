// The admin port (health, readiness, metrics), refusing traffic the recorder cannot take, and a
// graceful close that lets in-flight streams finish.
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Recorder } from "../src/recorder/types";
import { startHarness, type Harness } from "./helpers/harness";
import { testParts } from "./helpers/parts";
import { seedKey } from "./helpers/seed";
import { seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;
let recorderFull = false;

/** The real recorder, except that a test can make it report a full backlog. */
const switchableRecorder: typeof testParts.createRecorder = async (deps) => {
  const real = await testParts.createRecorder(deps);
  const wrapped: Recorder = {
    get accepting() {
      return !recorderFull && real.accepting;
    },
    openChain: (key) => real.openChain(key),
    flagSession: (id, flags) => real.flagSession(id, flags),
    pending: () => real.pending(),
    flush: (options) => real.flush(options),
    close: () => real.close(),
  };
  return wrapped;
};

beforeAll(async () => {
  h = await startHarness({ parts: { createRecorder: switchableRecorder } });
  w = await seedWorld(h);
});
afterAll(async () => h?.close());

const admin = (path: string) => fetch(`http://127.0.0.1:${h.gateway.adminPort}${path}`);
const openai = () => new OpenAI({ apiKey: w.key, baseURL: w.openai.baseURL, maxRetries: 0 });

describe("admin port", () => {
  it("reports liveness and readiness", async () => {
    expect(await (await admin("/healthz")).json()).toEqual({ status: "ok" });
    const ready = await admin("/readyz");
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: "ready", checks: { database: true, recorder: true } });
  });

  it("exposes request, latency, time-to-first-token and recorder metrics", async () => {
    await openai().chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "count me" }] });
    const text = await (await admin("/metrics")).text();
    expect(text).toMatch(new RegExp(`airlock_http_requests_total\\{connection="${w.openai.name}",status="200"\\} \\d+`));
    expect(text).toMatch(/airlock_http_request_duration_seconds_bucket\{/);
    expect(text).toMatch(/airlock_http_time_to_first_token_seconds_count\{connection="openai-prod"\} \d+/);
    expect(text).toMatch(/airlock_recorder_pending_events \d+/);
    expect(text).toMatch(/airlock_guardrail_blocks_total/);
  });
});

describe("recording backlog full", () => {
  it("refuses new traffic with 503 recording_unavailable and reports not ready", async () => {
    recorderFull = true;
    try {
      const before = h.openai.requests.length;
      const error = await openai().chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e);
      expect((error as InstanceType<typeof OpenAI.APIError>).status).toBe(503);
      expect((error as { code?: string }).code).toBe("recording_unavailable");
      expect(h.openai.requests.length).toBe(before);
      expect((await admin("/readyz")).status).toBe(503);
    } finally {
      recorderFull = false;
    }
    expect((await admin("/readyz")).status).toBe(200);
  });
});

describe("graceful close", () => {
  it("finishes an in-flight stream, then stops accepting (and writes keys' last-used times)", async () => {
    const fresh = await seedKey(h.db, { serviceAccountId: w.serviceAccountId });
    const replica = await h.startReplica();
    const client = new OpenAI({ apiKey: fresh.key, baseURL: `${replica.url}/c/${w.openai.name}/v1`, maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: "slow and steady wins [[chunks:6 delay:100]]" }] });
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    const closed = replica.gateway.close();
    let text = "";
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) text += next.value.choices[0]?.delta.content ?? "";
    expect(text).toContain("wins");
    await closed;
    await expect(fetch(`${replica.url}/c/${w.openai.name}/v1/models`)).rejects.toThrow();
    // Last-used times are batched off the request path and flushed at the latest on close.
    expect((await h.db.apiKey.findUniqueOrThrow({ where: { id: fresh.id } })).lastUsedAt).toBeInstanceOf(Date);
  });
});

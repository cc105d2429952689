import OpenAI from "openai";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { FakeUpstream } from "../http/fake-server";
import { startOpenAIUpstream } from "./openai-upstream";

let upstream: FakeUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startOpenAIUpstream({ requiredAuth: { header: "authorization", value: "sk-right" } });
  client = new OpenAI({ baseURL: upstream.baseURL, apiKey: "sk-right", maxRetries: 0 });
});
afterEach(() => upstream.clear());
afterAll(() => upstream.close());

const ask = (content: string) => ({ model: "gpt-4o-mini", messages: [{ role: "user" as const, content }] });

describe("OpenAI upstream faults", () => {
  it("rejects a wrong credential with OpenAI's 401", async () => {
    const wrong = new OpenAI({ baseURL: upstream.baseURL, apiKey: "sk-wrong", maxRetries: 0 });
    await expect(wrong.chat.completions.create(ask("hi"))).rejects.toMatchObject({
      status: 401,
      type: "invalid_request_error",
      code: "invalid_api_key",
    });
  });

  it("fails with the scripted status", async () => {
    await expect(client.chat.completions.create(ask("[[fail:503]]"))).rejects.toMatchObject({ status: 503, type: "server_error" });
    await expect(client.chat.completions.create(ask("[[fail:429]]"))).rejects.toMatchObject({ status: 429, code: "rate_limit_exceeded" });
  });

  it("fails only the first N identical requests, so client retries succeed", async () => {
    const retrying = new OpenAI({ baseURL: upstream.baseURL, apiKey: "sk-right", maxRetries: 1 });
    const completion = await retrying.chat.completions.create(ask("retry me [[fail:500 times:1]]"));
    expect(completion.choices[0]?.message.content).toBe("Echo: retry me");
    expect(upstream.requests.map((r) => r.status)).toEqual([500, 200]);
  });

  it("cuts the stream after N chunks, and the client sees an error after exactly those chunks", async () => {
    const stream = await client.chat.completions.create({ ...ask("[[say:a b c d e f]] [[break-stream-after:3]]"), stream: true });
    const pieces: string[] = [];
    const drain = async () => {
      for await (const chunk of stream) {
        const piece = chunk.choices[0]?.delta.content;
        if (piece) pieces.push(piece);
      }
    };
    await expect(drain()).rejects.toThrow();
    expect(pieces).toEqual(["a ", "b ", "c "]);
    expect(upstream.aborted).toBe(0);
  });

  it("counts a client that gives up on hung headers as an aborted request", async () => {
    const controller = new AbortController();
    const pending = client.chat.completions.create(ask("[[hang-headers]]"), { signal: controller.signal });
    await vi.waitFor(() => expect(upstream.requests).toHaveLength(1));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await upstream.waitForAborted(1);
    expect(upstream.lastRequest()).toMatchObject({ aborted: true, finished: false, status: undefined });
  });

  it("stalls the body after N chunks until the client disconnects", async () => {
    const stream = await client.chat.completions.create({ ...ask("[[say:a b c d]] [[hang-body-after:2]]"), stream: true });
    const pieces: string[] = [];
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.content;
      if (piece) pieces.push(piece);
      if (pieces.length === 2) break;
    }
    await upstream.waitForAborted(1);
    expect(pieces).toEqual(["a ", "b "]);
    expect(upstream.lastRequest()?.emits).toHaveLength(3);
  });

  it("reports malformed directives as a 400 instead of guessing", async () => {
    await expect(client.chat.completions.create(ask("[[tool:x {bad json}]]"))).rejects.toMatchObject({ status: 400 });
  });
});

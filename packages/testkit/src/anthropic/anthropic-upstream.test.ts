import Anthropic from "@anthropic-ai/sdk";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { FakeUpstream } from "../http/fake-server";
import { startAnthropicUpstream } from "./anthropic-upstream";

let upstream: FakeUpstream;
let client: Anthropic;

beforeAll(async () => {
  upstream = await startAnthropicUpstream({ requiredAuth: { header: "x-api-key", value: "sk-ant-upstream" } });
  client = new Anthropic({ baseURL: upstream.baseURL, apiKey: "sk-ant-upstream", maxRetries: 0 });
});
afterEach(() => upstream.clear());
afterAll(() => upstream.close());

const ask = (content: string) => ({ model: "claude-haiku-4-5", max_tokens: 256, messages: [{ role: "user" as const, content }] });

describe("Anthropic messages through the official SDK", () => {
  it("echoes the last user message with Anthropic's message shape", async () => {
    const message = await client.messages.create({ ...ask("Call me at 555-0100"), system: "be brief" });
    expect(message.content).toEqual([{ type: "text", text: "Echo: Call me at 555-0100" }]);
    expect(message.stop_reason).toBe("end_turn");
    expect(message.usage.input_tokens).toBeGreaterThan(0);
    expect(upstream.lastRequest()?.rawBody).toContain("555-0100");
  });

  it("streams the full event sequence the SDK's MessageStream accumulates", async () => {
    const stream = client.messages.stream(ask("[[say:alpha beta gamma]] [[chunks:3]]"));
    const events: string[] = [];
    for await (const event of stream) events.push(event.type);
    const final = await stream.finalMessage();
    expect(final.content).toEqual([{ type: "text", text: "alpha beta gamma" }]);
    expect(events).toEqual([
      "message_start",
      "content_block_start",
      "content_block_delta",
      "content_block_delta",
      "content_block_delta",
      "content_block_stop",
      "message_delta",
      "message_stop",
    ]);
    expect(upstream.lastRequest()?.emits.some((e) => e.data.startsWith("event: ping\n"))).toBe(true);
  });

  it("returns tool_use blocks, streamed as input_json_delta fragments", async () => {
    const plain = await client.messages.create(ask('[[tool:get_weather {"city":"Paris"}]]'));
    expect(plain.stop_reason).toBe("tool_use");
    expect(plain.content[0]).toMatchObject({ type: "tool_use", name: "get_weather", input: { city: "Paris" } });

    const stream = client.messages.stream(ask('Checking. [[say:On it]] [[tool:get_weather {"city":"Oslo"}]]'));
    const final = await stream.finalMessage();
    expect(final.content[0]).toEqual({ type: "text", text: "On it" });
    expect(final.content[1]).toMatchObject({ type: "tool_use", name: "get_weather", input: { city: "Oslo" } });
    const jsonDeltas = upstream.lastRequest()?.emits.filter((e) => e.data.includes('"input_json_delta"')) ?? [];
    expect(jsonDeltas.length).toBeGreaterThan(1);
  });

  it("answers a tool_result turn with its content", async () => {
    const message = await client.messages.create({
      model: "claude-haiku-4-5",
      max_tokens: 64,
      messages: [
        { role: "user", content: "[[tool:get_weather]]" },
        { role: "assistant", content: [{ type: "tool_use", id: "toolu_1", name: "get_weather", input: {} }] },
        { role: "user", content: [{ type: "tool_result", tool_use_id: "toolu_1", content: "rainy" }] },
      ],
    });
    expect(message.content).toEqual([{ type: "text", text: "Tool result: rainy" }]);
  });

  it("counts tokens", async () => {
    const count = await client.messages.countTokens({ model: "claude-haiku-4-5", messages: [{ role: "user", content: "count these words" }] });
    expect(count.input_tokens).toBeGreaterThan(0);
  });

  it("rejects a missing or wrong key with Anthropic's error shape", async () => {
    const response = await fetch(`${upstream.baseURL}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "sk-ant-wrong" },
      body: JSON.stringify(ask("hi")),
    });
    expect(response.status).toBe(401);
    expect(await response.json()).toMatchObject({ type: "error", error: { type: "authentication_error", message: "invalid x-api-key" } });
  });

  it("accepts the key as x-api-key as well as the SDK's bearer header", async () => {
    const response = await fetch(`${upstream.baseURL}/v1/messages`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-api-key": "sk-ant-upstream" },
      body: JSON.stringify(ask("via header")),
    });
    expect(response.status).toBe(200);
    expect(response.headers.get("request-id")).toMatch(/^req_/);
  });

  it("fails with the scripted status and error type", async () => {
    await expect(client.messages.create(ask("[[fail:529]]"))).rejects.toMatchObject({ status: 529, type: "overloaded_error" });
  });

  it("counts a stream the client abandons mid-way as aborted", async () => {
    const stream = client.messages.stream(ask("[[say:one two three four]] [[hang-body-after:2]]"));
    const seen: string[] = [];
    stream.on("text", (text) => {
      seen.push(text);
      if (seen.length === 2) stream.abort();
    });
    await expect(stream.done()).rejects.toThrow();
    await upstream.waitForAborted(1);
    expect(seen).toEqual(["one ", "two "]);
  });

  it("cuts the connection mid-stream when scripted", async () => {
    const stream = client.messages.stream(ask("[[say:a b c d]] [[break-stream-after:1]]"));
    await expect(stream.finalMessage()).rejects.toThrow();
    await vi.waitFor(() => expect(upstream.lastRequest()?.finished).toBe(false));
    expect(upstream.aborted).toBe(0);
  });
});

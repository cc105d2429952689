// LangChain ChatAnthropic and the official @anthropic-ai/sdk, unmodified, through the gateway.
import Anthropic from "@anthropic-ai/sdk";
import { ChatAnthropic } from "@langchain/anthropic";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
});
afterAll(async () => h?.close());

const chat = (streaming = false) =>
  new ChatAnthropic({ model: "claude-3-5-sonnet-latest", apiKey: w.key, anthropicApiUrl: w.anthropic.baseURL, maxRetries: 0, streaming });

describe("LangChain ChatAnthropic through the gateway", () => {
  it("invokes; the upstream gets x-api-key with the stored credential and the client's anthropic-version", async () => {
    const reply = await chat().invoke("Bonjour");
    expect(reply.content).toBe("Echo: Bonjour");
    const seen = h.anthropic.lastRequest();
    expect(seen?.headers["x-api-key"]).toBe(h.canary.anthropic);
    expect(seen?.headers.authorization).toBeUndefined();
    expect(seen?.headers["anthropic-version"]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
  });

  it("streams", async () => {
    let text = "";
    let nonEmpty = 0;
    for await (const chunk of await chat(true).stream("Stream it [[chunks:5]]")) {
      const piece = typeof chunk.content === "string" ? chunk.content : chunk.content.map((c) => ("text" in c ? String(c.text) : "")).join("");
      if (piece) nonEmpty += 1;
      text += piece;
    }
    expect(text).toBe("Echo: Stream it");
    expect(nonEmpty).toBeGreaterThanOrEqual(4);
  });

  it("calls tools", async () => {
    const tools = [{ name: "lookup_order", description: "Find an order", input_schema: { type: "object" as const, properties: { id: { type: "string" } } } }];
    const reply = await chat().bindTools(tools).invoke('Where is my order? [[tool:lookup_order {"id":"A-17"}]]');
    expect(reply.tool_calls).toEqual([expect.objectContaining({ name: "lookup_order", args: { id: "A-17" } })]);
  });
});

describe("official @anthropic-ai/sdk through the gateway", () => {
  const client = () => new Anthropic({ apiKey: w.key, baseURL: w.anthropic.baseURL, maxRetries: 0 });

  it("creates a message", async () => {
    const message = await client().messages.create({ model: "claude-3-5-sonnet-latest", max_tokens: 100, messages: [{ role: "user", content: "Hi" }] });
    expect(message.content[0]).toMatchObject({ type: "text", text: "Echo: Hi" });
    expect(message.usage.input_tokens).toBeGreaterThan(0);
  });

  it("streams text and a tool_use block with its complete input", async () => {
    const stream = client().messages.stream({
      model: "claude-3-5-sonnet-latest",
      max_tokens: 100,
      tools: [{ name: "lookup_order", description: "Find an order", input_schema: { type: "object", properties: { id: { type: "string" } } } }],
      messages: [{ role: "user", content: 'Check [[tool:lookup_order {"id":"B-2"}]] [[chunks:4]]' }],
    });
    const final = await stream.finalMessage();
    const toolUse = final.content.find((b) => b.type === "tool_use");
    expect(toolUse).toMatchObject({ name: "lookup_order", input: { id: "B-2" } });
  });

  it("answers a bad Airlock key with Anthropic's error shape", async () => {
    const bad = new Anthropic({ apiKey: "alk_not-a-real-key", baseURL: w.anthropic.baseURL, maxRetries: 0 });
    const error = await bad.messages.create({ model: "claude-3-5-sonnet-latest", max_tokens: 10, messages: [{ role: "user", content: "x" }] }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(Anthropic.AuthenticationError);
    expect((error as InstanceType<typeof Anthropic.AuthenticationError>).error).toMatchObject({ type: "error", error: { type: "authentication_error" } });
  });
});

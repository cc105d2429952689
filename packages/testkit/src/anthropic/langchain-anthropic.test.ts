import { ChatAnthropic } from "@langchain/anthropic";
import { HumanMessage, ToolMessage, type AIMessageChunk } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../http/fake-server";
import { startAnthropicUpstream } from "./anthropic-upstream";

let upstream: FakeUpstream;
let chat: ChatAnthropic;

const weatherIn = (city: string) => `windy in ${city}`;
const getWeather = tool(async ({ city }: { city: string }) => weatherIn(city), {
  name: "get_weather",
  description: "Current weather for a city",
  schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
});

beforeAll(async () => {
  upstream = await startAnthropicUpstream({ requiredAuth: { header: "x-api-key", value: "sk-ant-lc" } });
  chat = new ChatAnthropic({ model: "claude-haiku-4-5", apiKey: "sk-ant-lc", anthropicApiUrl: upstream.baseURL, maxRetries: 0 });
});
afterAll(() => upstream.close());

describe("LangChain ChatAnthropic against the fake upstream", () => {
  it("invokes and gets the echo", async () => {
    const reply = await chat.invoke("Hello Claude");
    expect(reply.content).toBe("Echo: Hello Claude");
  });

  it("streams text chunk by chunk", async () => {
    const pieces: string[] = [];
    for await (const chunk of await chat.stream("[[say:one two three]]")) {
      if (typeof chunk.content === "string" && chunk.content) pieces.push(chunk.content);
    }
    expect(pieces.join("")).toBe("one two three");
    expect(pieces.length).toBeGreaterThanOrEqual(3);
  });

  it("gets a tool call, runs it, and receives the final answer", async () => {
    const withTools = chat.bindTools([getWeather]);
    const question = new HumanMessage('Weather? [[tool:get_weather {"city":"Bergen"}]]');
    const first = await withTools.invoke([question]);
    const call = first.tool_calls?.[0];
    expect(call).toMatchObject({ name: "get_weather", args: { city: "Bergen" } });
    const second = await withTools.invoke([question, first, new ToolMessage({ content: weatherIn("Bergen"), tool_call_id: call?.id ?? "" })]);
    expect(second.content).toBe("Tool result: windy in Bergen");
  });

  it("reassembles streamed tool_use input", async () => {
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await chat.bindTools([getWeather]).stream('[[tool:get_weather {"city":"Oslo"}]]')) {
      merged = merged ? merged.concat(chunk) : chunk;
    }
    expect(merged?.tool_calls).toMatchObject([{ name: "get_weather", args: { city: "Oslo" } }]);
  });
});

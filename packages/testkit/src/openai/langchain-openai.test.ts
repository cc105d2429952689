import { HumanMessage, ToolMessage, type AIMessageChunk } from "@langchain/core/messages";
import { tool } from "@langchain/core/tools";
import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../http/fake-server";
import { deterministicEmbedding } from "./embeddings";
import { startOpenAIUpstream } from "./openai-upstream";

let upstream: FakeUpstream;
let chat: ChatOpenAI;

const weatherIn = (city: string) => `sunny in ${city}`;
const getWeather = tool(async ({ city }: { city: string }) => weatherIn(city), {
  name: "get_weather",
  description: "Current weather for a city",
  schema: { type: "object", properties: { city: { type: "string" } }, required: ["city"] },
});

beforeAll(async () => {
  upstream = await startOpenAIUpstream({ requiredAuth: { header: "authorization", value: "sk-lc" }, embeddingDimensions: 6 });
  chat = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: "sk-lc", configuration: { baseURL: upstream.baseURL }, maxRetries: 0 });
});
afterAll(() => upstream.close());

describe("LangChain ChatOpenAI against the fake upstream", () => {
  it("invokes and gets the echo", async () => {
    const reply = await chat.invoke("Hello from LangChain");
    expect(reply.content).toBe("Echo: Hello from LangChain");
  });

  it("streams chunk by chunk and reports usage", async () => {
    const pieces: string[] = [];
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await chat.stream("[[say:streaming works fine]]")) {
      if (typeof chunk.content === "string" && chunk.content) pieces.push(chunk.content);
      merged = merged ? merged.concat(chunk) : chunk;
    }
    expect(pieces).toEqual(["streaming ", "works ", "fine"]);
    expect(merged?.usage_metadata?.total_tokens).toBeGreaterThan(0);
    expect(upstream.lastRequest()?.body).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it("gets a tool call, runs it, and receives the final answer", async () => {
    const withTools = chat.bindTools([getWeather]);
    const first = await withTools.invoke([new HumanMessage('What is the weather? [[tool:get_weather {"city":"Paris"}]]')]);
    const call = first.tool_calls?.[0];
    expect(call).toMatchObject({ name: "get_weather", args: { city: "Paris" } });
    const result = weatherIn("Paris");
    const second = await withTools.invoke([
      new HumanMessage('What is the weather? [[tool:get_weather {"city":"Paris"}]]'),
      first,
      new ToolMessage({ content: result, tool_call_id: call?.id ?? "" }),
    ]);
    expect(second.content).toBe("Tool result: sunny in Paris");
  });

  it("reassembles streamed tool-call chunks", async () => {
    const withTools = chat.bindTools([getWeather]);
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await withTools.stream('[[tool:get_weather {"city":"Oslo"}]]')) {
      merged = merged ? merged.concat(chunk) : chunk;
    }
    expect(merged?.tool_calls).toMatchObject([{ name: "get_weather", args: { city: "Oslo" } }]);
  });
});

describe("LangChain OpenAIEmbeddings against the fake upstream", () => {
  it("embeds documents and queries with the deterministic vectors", async () => {
    const embeddings = new OpenAIEmbeddings({ model: "text-embedding-3-small", apiKey: "sk-lc", configuration: { baseURL: upstream.baseURL } });
    expect(await embeddings.embedQuery("needle")).toEqual(deterministicEmbedding("needle", 6));
    const docs = await embeddings.embedDocuments(["one", "two"]);
    expect(docs).toEqual([deterministicEmbedding("one", 6), deterministicEmbedding("two", 6)]);
  });
});

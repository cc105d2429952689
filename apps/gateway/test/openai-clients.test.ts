// LangChain ChatOpenAI / OpenAIEmbeddings and the official openai SDK, unmodified, through the
// gateway to a local OpenAI-compatible upstream.
import { ChatOpenAI, OpenAIEmbeddings } from "@langchain/openai";
import OpenAI from "openai";
import { replayTimeline } from "@airlock/recording";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { recordedEvents, seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
});
afterAll(async () => h?.close());

const chat = (streaming = false) =>
  new ChatOpenAI({ model: "gpt-4o-mini", apiKey: w.key, configuration: { baseURL: w.openai.baseURL }, maxRetries: 0, streaming });

describe("LangChain ChatOpenAI through the gateway", () => {
  it("invokes: the upstream gets the connection's credential, never the Airlock key", async () => {
    const reply = await chat().invoke("Hello there");
    expect(reply.content).toBe("Echo: Hello there");
    const seen = h.openai.lastRequest();
    expect(seen?.headers.authorization).toBe(`Bearer ${h.canary.openai}`);
    expect(JSON.stringify(seen?.headers)).not.toContain(w.key);
  });

  it("streams token by token", async () => {
    const pieces: string[] = [];
    for await (const chunk of await chat(true).stream("Stream this please [[chunks:6]]")) pieces.push(String(chunk.content));
    expect(pieces.join("")).toBe("Echo: Stream this please");
    expect(pieces.filter((p) => p.length > 0).length).toBeGreaterThanOrEqual(5);
  });

  it("calls tools bound with bindTools, streamed and not", async () => {
    const tools = [{ type: "function" as const, function: { name: "get_weather", description: "Weather for a city", parameters: { type: "object", properties: { city: { type: "string" } }, required: ["city"] } } }];
    const reply = await chat().bindTools(tools).invoke('What is the weather? [[tool:get_weather {"city":"Paris"}]]');
    expect(reply.tool_calls).toEqual([expect.objectContaining({ name: "get_weather", args: { city: "Paris" } })]);

    let gathered: Awaited<ReturnType<ReturnType<typeof chat>["invoke"]>> | undefined;
    for await (const chunk of await chat(true).bindTools(tools).stream('Weather? [[tool:get_weather {"city":"Oslo"}]] [[chunks:5]]')) {
      gathered = gathered ? gathered.concat(chunk) : chunk;
    }
    expect(gathered?.tool_calls).toEqual([expect.objectContaining({ name: "get_weather", args: { city: "Oslo" } })]);
  });
});

describe("LangChain OpenAIEmbeddings through the gateway", () => {
  it("embeds a query and documents", async () => {
    const embeddings = new OpenAIEmbeddings({ model: "text-embedding-3-small", apiKey: w.key, configuration: { baseURL: w.openai.baseURL }, maxRetries: 0 });
    const vector = await embeddings.embedQuery("hello");
    expect(vector.length).toBe(1536);
    const docs = await embeddings.embedDocuments(["a", "b"]);
    expect(docs).toHaveLength(2);
    expect(docs[0]).not.toEqual(docs[1]);
  });
});

describe("official openai SDK through the gateway", () => {
  const client = () => new OpenAI({ apiKey: w.key, baseURL: w.openai.baseURL, maxRetries: 0 });

  it("creates a chat completion and reads the Airlock session id header", async () => {
    const { data, response } = await client().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "Hi" }] }).withResponse();
    expect(data.choices[0]?.message.content).toBe("Echo: Hi");
    expect(data.usage?.prompt_tokens).toBeGreaterThan(0);
    expect(response.headers.get("x-airlock-session-id")).toMatch(/\S+/);
  });

  it("streams with usage and lists models", async () => {
    const stream = await client().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "count [[chunks:4]]" }], stream: true, stream_options: { include_usage: true } });
    let text = "";
    let usage: unknown;
    for await (const chunk of stream) {
      text += chunk.choices[0]?.delta.content ?? "";
      if (chunk.usage) usage = chunk.usage;
    }
    expect(text).toBe("Echo: count");
    expect(usage).toMatchObject({ prompt_tokens: expect.any(Number) });
    const models = await client().models.list();
    expect(models.data.length).toBeGreaterThan(0);
  });

  it("uses the Responses API, plain and streamed", async () => {
    const response = await client().responses.create({ model: "gpt-4o-mini", input: "Howdy" });
    expect(response.output_text).toBe("Echo: Howdy");
    let streamed = "";
    for await (const event of await client().responses.create({ model: "gpt-4o-mini", input: "Streamy [[chunks:4]]", stream: true })) {
      if (event.type === "response.output_text.delta") streamed += event.delta;
    }
    expect(streamed).toBe("Echo: Streamy");
  });

  it("records each exchange: request, decision, response, chunks and end with usage", async () => {
    const stream = await client().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "record me [[chunks:3]]" }], stream: true, stream_options: { include_usage: true } });
    for await (const _ of stream) void _;
    const events = await recordedEvents(h);
    const chainId = events.findLast((e) => e.type === "exchange.end")?.chainId;
    const rows = events.filter((e) => e.chainId === chainId);
    // The immediate decision is stored with the request; a stream's start is stored on its own.
    expect(rows.map((e) => e.type)).toEqual(["exchange.request", "exchange.response", "exchange.chunks", "exchange.end"]);
    expect(replayedTypes(rows)).toEqual(["exchange.request", "exchange.decision", "exchange.response", "exchange.end"]);
    const end = events.findLast((e) => e.type === "exchange.end")?.payload as { text: string; usage: unknown; ttftMs: number };
    expect(end.text).toBe("Echo: record me");
    expect(end.usage).toMatchObject({ inputTokens: expect.any(Number), outputTokens: expect.any(Number) });
    expect(end.ttftMs).toBeGreaterThanOrEqual(0);
  });

  it("records a whole JSON exchange in two rows that replay as its four steps", async () => {
    await client().chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: "two rows" }] });
    const events = await recordedEvents(h);
    const chainId = events.findLast((e) => e.type === "exchange.end")?.chainId;
    const rows = events.filter((e) => e.chainId === chainId);
    expect(rows.map((e) => e.type)).toEqual(["exchange.request", "exchange.end"]);
    expect(rows[0]?.payload).toMatchObject({ model: "gpt-4o-mini", decision: { guardrail: { verdict: "allow" }, approval: null } });
    expect(rows[1]?.payload).toMatchObject({ text: "Echo: two rows", response: { status: 200, stream: false, offsetMs: expect.any(Number) } });
    expect(replayedTypes(rows)).toEqual(["exchange.request", "exchange.decision", "exchange.response", "exchange.end"]);
  });
});

/** Event types the console's replay shows for these rows (folded parts expanded, chunks left out). */
function replayedTypes(rows: { sessionId: string; seq: number; type: string; payload: unknown; offsetMs: number }[]): string[] {
  const steps = replayTimeline(rows.map((r) => ({ ...r, exchangeId: null, at: new Date(0), prevHash: "", hash: "" })));
  return steps.flatMap((s) => (s.kind === "event" ? [s.event.type] : []));
}

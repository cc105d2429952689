import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../http/fake-server";
import { startOpenAIUpstream } from "./openai-upstream";

interface ToolCallDelta {
  index: number;
  id?: string;
  function?: { name?: string; arguments?: string };
}

let upstream: FakeUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startOpenAIUpstream({ requiredAuth: { header: "authorization", value: "sk-upstream-secret" } });
  client = new OpenAI({ baseURL: upstream.baseURL, apiKey: "sk-upstream-secret", maxRetries: 0 });
});
afterAll(() => upstream.close());

const weatherTool = {
  type: "function" as const,
  function: { name: "get_weather", parameters: { type: "object", properties: { city: { type: "string" } } } },
};

describe("OpenAI chat completions through the official SDK", () => {
  it("echoes the last user message and records what arrived", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "system", content: "be brief" },
        { role: "user", content: "My email is ada@example.com" },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe("Echo: My email is ada@example.com");
    expect(completion.choices[0]?.finish_reason).toBe("stop");
    expect(completion.usage?.total_tokens).toBeGreaterThan(0);

    const seen = upstream.lastRequest();
    expect(seen?.path).toBe("/v1/chat/completions");
    expect(seen?.headers.authorization).toBe("Bearer sk-upstream-secret");
    expect(seen?.rawBody).toContain("ada@example.com");
    expect(seen?.body).toMatchObject({ model: "gpt-4o-mini" });
  });

  it("streams the reply in the scripted number of chunks, with a usage chunk when asked", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: "user", content: "[[say:one two three four five]] [[chunks:5]]" }],
    });
    const pieces: string[] = [];
    let usageSeen = false;
    for await (const chunk of stream) {
      const piece = chunk.choices[0]?.delta.content;
      if (piece) pieces.push(piece);
      if (chunk.usage) usageSeen = true;
    }
    expect(pieces.join("")).toBe("one two three four five");
    expect(pieces).toHaveLength(5);
    expect(usageSeen).toBe(true);
    const emits = upstream.lastRequest()?.emits ?? [];
    expect(emits.at(-1)?.data).toBe("data: [DONE]\n\n");
    expect(upstream.chunkTimes()).toHaveLength(emits.length);
  });

  it("spaces streamed chunks by the scripted delay", async () => {
    const stream = await client.chat.completions.create({
      model: "gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: "[[say:abcd]] [[chunks:4 delay:30]]" }],
    });
    for await (const _chunk of stream) {
      // drain
    }
    const contentTimes = (upstream.lastRequest()?.emits ?? []).filter((e) => e.data.includes('"content":"')).map((e) => e.at);
    const nonEmpty = contentTimes.slice(1);
    expect(nonEmpty).toHaveLength(4);
    for (let i = 1; i < nonEmpty.length; i++) expect((nonEmpty[i] ?? 0) - (nonEmpty[i - 1] ?? 0)).toBeGreaterThanOrEqual(28);
  });

  it("returns scripted tool calls without streaming", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      tools: [weatherTool],
      messages: [{ role: "user", content: 'Weather? [[tool:get_weather {"city":"Paris"}]]' }],
    });
    const choice = completion.choices[0];
    expect(choice?.finish_reason).toBe("tool_calls");
    expect(choice?.message.content).toBeNull();
    const call = choice?.message.tool_calls?.[0];
    expect(call?.type === "function" && call.function).toEqual({ name: "get_weather", arguments: '{"city":"Paris"}' });
  });

  it("streams tool calls as deltas the SDK's strict accumulator reassembles", async () => {
    const runner = client.chat.completions.stream({
      model: "gpt-4o-mini",
      tools: [weatherTool],
      messages: [{ role: "user", content: 'Two calls [[tool:get_weather {"city":"Paris"}]] [[tool:get_weather {"city":"Oslo"}]]' }],
    });
    const final = await runner.finalChatCompletion();
    const calls = final.choices[0]?.message.tool_calls ?? [];
    expect(calls.map((c) => (c.type === "function" ? c.function.arguments : ""))).toEqual(['{"city":"Paris"}', '{"city":"Oslo"}']);
    const deltas = (upstream.lastRequest()?.emits ?? [])
      .filter((e) => e.data !== "data: [DONE]\n\n")
      .map((e) => JSON.parse(e.data.slice("data: ".length)) as { choices: { delta: { tool_calls?: ToolCallDelta[] } }[] })
      .flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []);
    const openings = deltas.filter((d) => d.id !== undefined);
    const fragments = deltas.filter((d) => d.id === undefined);
    expect(openings.map((d) => [d.index, d.function?.name])).toEqual([[0, "get_weather"], [1, "get_weather"]]);
    expect(fragments.length).toBeGreaterThan(2);
    expect(fragments.filter((d) => d.index === 0).map((d) => d.function?.arguments).join("")).toBe('{"city":"Paris"}');
  });

  it("answers a tool result turn so agent loops end", async () => {
    const completion = await client.chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "user", content: "[[tool:get_weather]]" },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "get_weather", arguments: "{}" } }] },
        { role: "tool", tool_call_id: "call_1", content: "18C and sunny" },
      ],
    });
    expect(completion.choices[0]?.message.content).toBe("Tool result: 18C and sunny");
  });
});

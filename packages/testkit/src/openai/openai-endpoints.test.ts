import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { FakeUpstream } from "../http/fake-server";
import { deterministicEmbedding } from "./embeddings";
import { startOpenAIUpstream } from "./openai-upstream";

let upstream: FakeUpstream;
let client: OpenAI;

beforeAll(async () => {
  upstream = await startOpenAIUpstream({ embeddingDimensions: 8 });
  client = new OpenAI({ baseURL: upstream.baseURL, apiKey: "sk-test", maxRetries: 0 });
});
afterAll(() => upstream.close());

describe("OpenAI embeddings", () => {
  it("serves the SDK's default base64 encoding with deterministic vectors", async () => {
    const result = await client.embeddings.create({ model: "text-embedding-3-small", input: ["alpha", "beta"] });
    expect(upstream.lastRequest()?.body).toMatchObject({ encoding_format: "base64" });
    expect(result.data.map((d) => Array.from(d.embedding))).toEqual([deterministicEmbedding("alpha", 8), deterministicEmbedding("beta", 8)]);
  });

  it("serves float vectors of the requested dimensions", async () => {
    const result = await client.embeddings.create({ model: "text-embedding-3-small", input: "alpha", dimensions: 4, encoding_format: "float" });
    expect(result.data[0]?.embedding).toEqual(deterministicEmbedding("alpha", 4));
    expect(result.usage.prompt_tokens).toBeGreaterThan(0);
  });
});

describe("OpenAI responses, completions and models", () => {
  it("answers a basic Responses API request", async () => {
    const response = await client.responses.create({ model: "gpt-4o-mini", input: "hello responses" });
    expect(response.output_text).toBe("Echo: hello responses");
    expect(response.status).toBe("completed");
  });

  it("streams Responses API events the SDK's strict stream helper accepts, including function calls", async () => {
    const stream = client.responses.stream({
      model: "gpt-4o-mini",
      input: [{ role: "user", content: 'go [[say:Checking now]] [[tool:lookup {"id":7}]] [[chunks:3]]' }],
    });
    const types: string[] = [];
    for await (const event of stream) types.push(event.type);
    const final = await stream.finalResponse();
    expect(final.output_text).toBe("Checking now");
    expect(final.output.find((item) => item.type === "function_call")).toMatchObject({ name: "lookup", arguments: '{"id":7}' });
    expect(types[0]).toBe("response.created");
    expect(types.at(-1)).toBe("response.completed");
    expect(types.filter((t) => t === "response.output_text.delta")).toHaveLength(3);
  });

  it("answers legacy completions, streamed and not", async () => {
    const completion = await client.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "legacy prompt" });
    expect(completion.choices[0]?.text).toBe("Echo: legacy prompt");
    const stream = await client.completions.create({ model: "gpt-3.5-turbo-instruct", prompt: "streamed prompt", stream: true });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.text ?? "";
    expect(text).toBe("Echo: streamed prompt");
  });

  it("lists and retrieves models, and 404s an unknown one in OpenAI's error shape", async () => {
    const models = await client.models.list();
    expect(models.data.map((m) => m.id)).toContain("gpt-4o-mini");
    expect((await client.models.retrieve("gpt-4o")).id).toBe("gpt-4o");
    await expect(client.models.retrieve("nope")).rejects.toMatchObject({ status: 404, code: "model_not_found" });
  });

  it("404s an unknown route with OpenAI's error body", async () => {
    const response = await fetch(`${upstream.baseURL}/nothing-here`, { method: "POST" });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: { message: "Invalid URL (POST /v1/nothing-here)", type: "invalid_request_error", param: null, code: null },
    });
  });
});

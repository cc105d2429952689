// Text-pattern guardrails on streamed responses: a streamed reply whose text matches a response
// rule ends with the provider's error event before any character of the match reaches the client
// (the text before it does), for the OpenAI chat and Responses APIs and Anthropic, through the real
// clients. The block is recorded like any other; a stream without a match passes unchanged.
import { randomUUID } from "node:crypto";
import Anthropic from "@anthropic-ai/sdk";
import { ChatAnthropic } from "@langchain/anthropic";
import { ChatOpenAI } from "@langchain/openai";
import type { FakeUpstream } from "@airlock/testkit";
import { createParser } from "eventsource-parser";
import OpenAI from "openai";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { grant, seedConnection, seedGuardrail, seedMaskingRule } from "./helpers/seed";
import { recordedEvents, seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;
let masked: { name: string };
let modelGuarded: { name: string };

const RULE = "No launch codes";
// 45 characters in 15 pieces of 3: the 18-character match spans six upstream events.
const SECRET_REPLY = "Here it is: launch code 482913, keep it safe.";
const BEFORE_MATCH = "Here it is: ";
const BLOCKED_PROMPT = `[[say:${SECRET_REPLY}]] [[chunks:15]]`;
// No "l" anywhere, so no tail of any piece can start a match and nothing is held back.
const HARMLESS_PROMPT = "[[say:The weather in Rome is sunny today, for sure.]] [[chunks:6]]";

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
  await seedGuardrail(h.db, { name: RULE, kind: "prompt", directions: ["response"], pattern: "launch code \\d{6}" });
  const maskedConnection = await seedConnection(h.db, h.masterKey, { name: "openai-masked", kind: "openai", upstreamUrl: h.openai.url, credential: h.canary.openai });
  await grant(h.db, maskedConnection.id, { serviceAccountId: w.serviceAccountId });
  await seedMaskingRule(h.db, { detector: "email", directions: ["response"], connectionId: maskedConnection.id });
  masked = maskedConnection;
  const modelConnection = await seedConnection(h.db, h.masterKey, { name: "openai-models", kind: "openai", upstreamUrl: h.openai.url, credential: h.canary.openai });
  await grant(h.db, modelConnection.id, { serviceAccountId: w.serviceAccountId });
  await seedGuardrail(h.db, { name: "Replies from gpt-4o only", kind: "model_allowlist", directions: ["response"], models: ["gpt-4o*"], connectionId: modelConnection.id });
  modelGuarded = modelConnection;
});
afterAll(async () => h?.close());

/** Each test sends its own X-Airlock-Session, to find its recording afterwards. */
function sessionHeader(): { "x-airlock-session": string } {
  return { "x-airlock-session": `stream-guard-${randomUUID()}` };
}

const openai = (headers: Record<string, string>, connection = w.openai.name) =>
  new OpenAI({ apiKey: w.key, baseURL: `${h.url}/c/${connection}/v1`, maxRetries: 0, defaultHeaders: headers });
const anthropic = (headers: Record<string, string>) => new Anthropic({ apiKey: w.key, baseURL: w.anthropic.baseURL, maxRetries: 0, defaultHeaders: headers });

/** What the fake upstream sent for its last request, as parsed SSE events (pings and [DONE] aside). */
function upstreamEvents(upstream: FakeUpstream): unknown[] {
  const events: unknown[] = [];
  const parser = createParser({
    onEvent: (e) => {
      if (e.data !== "[DONE]" && e.event !== "ping") events.push(JSON.parse(e.data));
    },
  });
  for (const emit of upstream.lastRequest()?.emits ?? []) parser.feed(String(emit.data));
  return events;
}

/** Runs `consume` until it throws; returns the error (undefined if it finished). */
async function errorOf(consume: () => Promise<void>): Promise<unknown> {
  return consume().then(
    () => undefined,
    (error: unknown) => error,
  );
}

/** The recorded block of the session that sent `headers`, and whether the session is flagged. */
async function recordedBlock(headers: { "x-airlock-session": string }) {
  const events = await recordedEvents(h);
  const session = await h.db.recordedSession.findFirstOrThrow({ where: { clientKey: headers["x-airlock-session"] } });
  const mine = events.filter((e) => e.sessionId === session.id);
  const recordedText = mine
    .filter((e) => e.type === "exchange.chunks")
    .flatMap((e) => (e.payload as { deltas: string[] }).deltas)
    .join("");
  return {
    blocks: mine.filter((e) => e.type === "guardrail.block").map((e) => e.payload),
    hasBlock: session.hasBlock,
    recordedText,
  };
}

function expectRecordedBlock(recorded: Awaited<ReturnType<typeof recordedBlock>>, before = BEFORE_MATCH): void {
  expect(recorded.blocks).toEqual([
    {
      ruleId: expect.any(String),
      ruleName: RULE,
      direction: "response",
      reason: "response text blocked by rule 'No launch codes': text matches /launch code \\d{6}/",
      subject: { kind: "message" },
    },
  ]);
  expect(recorded.hasBlock).toBe(true);
  expect(recorded.recordedText).toBe(before);
}

describe("OpenAI chat completions streams", () => {
  it("openai SDK: the text before the match, then the error; never a character of the match", async () => {
    const headers = sessionHeader();
    const stream = await openai(headers).chat.completions.create({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: BLOCKED_PROMPT }] });
    let text = "";
    const error = await errorOf(async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    });
    expect(error).toBeInstanceOf(OpenAI.APIError);
    expect((error as InstanceType<typeof OpenAI.APIError>).code).toBe("guardrail_blocked");
    expect((error as Error).message).toMatch(/No launch codes/);
    expect(text).toBe(BEFORE_MATCH);
    // The match really was split over several upstream events.
    const pieces = upstreamEvents(h.openai).map((e) => (e as OpenAI.ChatCompletionChunk).choices[0]?.delta.content ?? "");
    expect(pieces.filter((p) => p && "launch code 482913".includes(p)).length).toBeGreaterThanOrEqual(4);
    expectRecordedBlock(await recordedBlock(headers));
  });

  it("LangChain ChatOpenAI.stream stops with the error after the text before the match", async () => {
    const headers = sessionHeader();
    const model = new ChatOpenAI({ model: "gpt-4o", apiKey: w.key, configuration: { baseURL: w.openai.baseURL, defaultHeaders: headers }, maxRetries: 0 });
    let text = "";
    const error = await errorOf(async () => {
      for await (const chunk of await model.stream(BLOCKED_PROMPT)) text += typeof chunk.content === "string" ? chunk.content : "";
    });
    expect(String(error)).toMatch(/No launch codes/);
    expect(text).toBe(BEFORE_MATCH);
    expectRecordedBlock(await recordedBlock(headers));
  });

  it("masks what goes out before the match when masking rules apply as well", async () => {
    const headers = sessionHeader();
    const reply = `Mail ops@example.com first. ${SECRET_REPLY}`;
    const stream = await openai(headers, masked.name).chat.completions.create({
      model: "gpt-4o",
      stream: true,
      messages: [{ role: "user", content: `[[say:${reply}]] [[chunks:30]]` }],
    });
    let text = "";
    const error = await errorOf(async () => {
      for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    });
    expect((error as Error).message).toMatch(/No launch codes/);
    expect(text).toBe(`Mail [EMAIL] first. ${BEFORE_MATCH}`);
    expectRecordedBlock(await recordedBlock(headers), `Mail [EMAIL] first. ${BEFORE_MATCH}`);
  });

  it("passes a stream without a match unchanged, event by event", async () => {
    const stream = await openai(sessionHeader()).chat.completions.create({ model: "gpt-4o", stream: true, messages: [{ role: "user", content: HARMLESS_PROMPT }] });
    const received: unknown[] = [];
    for await (const chunk of stream) received.push(chunk);
    expect(received.length).toBeGreaterThanOrEqual(6);
    expect(received).toEqual(upstreamEvents(h.openai));
  });
});

describe("OpenAI Responses API streams", () => {
  it("openai SDK: the text before the match, then the error", async () => {
    const headers = sessionHeader();
    const stream = await openai(headers).responses.create({ model: "gpt-4o", stream: true, input: BLOCKED_PROMPT });
    let text = "";
    const types: string[] = [];
    const error = await errorOf(async () => {
      for await (const event of stream) {
        types.push(event.type);
        if (event.type === "response.output_text.delta") text += event.delta;
      }
    });
    expect((error as Error).message).toMatch(/No launch codes/);
    expect(text).toBe(BEFORE_MATCH);
    // Nothing that repeats the whole text (…output_text.done, …completed) went out.
    expect(types).not.toContain("response.output_text.done");
    expect(types).not.toContain("response.completed");
    expectRecordedBlock(await recordedBlock(headers));
  });
});

describe("Anthropic message streams", () => {
  it("@anthropic-ai/sdk: the text before the match, then the error", async () => {
    const headers = sessionHeader();
    const stream = anthropic(headers).messages.stream({ model: "claude-3-5-sonnet-latest", max_tokens: 100, messages: [{ role: "user", content: BLOCKED_PROMPT }] });
    let text = "";
    stream.on("text", (delta) => (text += delta));
    await expect(stream.finalMessage()).rejects.toThrow(/No launch codes/);
    expect(text).toBe(BEFORE_MATCH);
    expectRecordedBlock(await recordedBlock(headers));
  });

  it("LangChain ChatAnthropic.stream stops with the error after the text before the match", async () => {
    const headers = sessionHeader();
    const model = new ChatAnthropic({ model: "claude-3-5-sonnet-latest", apiKey: w.key, anthropicApiUrl: w.anthropic.baseURL, maxRetries: 0, clientOptions: { defaultHeaders: headers } });
    let text = "";
    const error = await errorOf(async () => {
      for await (const chunk of await model.stream(BLOCKED_PROMPT)) text += typeof chunk.content === "string" ? chunk.content : chunk.content.map((c) => ("text" in c ? String(c.text) : "")).join("");
    });
    expect(String(error)).toMatch(/No launch codes/);
    expect(text).toBe(BEFORE_MATCH);
    expectRecordedBlock(await recordedBlock(headers));
  });

  it("passes a stream without a match unchanged, event by event", async () => {
    const stream = await anthropic(sessionHeader()).messages.create({
      model: "claude-3-5-sonnet-latest",
      max_tokens: 100,
      stream: true,
      messages: [{ role: "user", content: HARMLESS_PROMPT }],
    });
    const received: unknown[] = [];
    for await (const event of stream) received.push(event);
    expect(received.filter((e) => (e as { type: string }).type === "content_block_delta").length).toBeGreaterThanOrEqual(6);
    expect(received).toEqual(upstreamEvents(h.anthropic));
  });
});

describe("the model allow-list on streamed responses", () => {
  it("refuses a stream from a model the response rule does not allow, before it starts", async () => {
    const headers = sessionHeader();
    const error = await openai(headers, modelGuarded.name)
      .chat.completions.create({ model: "gpt-3.5-turbo", stream: true, messages: [{ role: "user", content: "hi" }] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect((error as Error).message).toMatch(/Replies from gpt-4o only/);
    const recorded = await recordedBlock(headers);
    expect(recorded.blocks).toEqual([expect.objectContaining({ ruleName: "Replies from gpt-4o only", direction: "response", subject: { kind: "model", name: "gpt-3.5-turbo" } })]);
    expect(recorded.hasBlock).toBe(true);

    let text = "";
    for await (const chunk of await openai(sessionHeader(), modelGuarded.name).chat.completions.create({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: "hi" }] })) {
      text += chunk.choices[0]?.delta.content ?? "";
    }
    expect(text).toBe("Echo: hi");
  });
});

// PII is masked before it reaches the provider and before it reaches the client, including values
// split across streamed chunks; with pseudonymisation the provider sees placeholders and the client
// gets its own values back. Recordings only ever hold masked text.
import Anthropic from "@anthropic-ai/sdk";
import { ChatOpenAI } from "@langchain/openai";
import OpenAI from "openai";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { grant, seedConnection, seedMaskingRule } from "./helpers/seed";
import { recordedEvents, seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;
// An upstream whose JSON reply each test sets byte for byte (`next`).
let next = "";
const prettyUpstream: Server = createServer((req, res) => {
  req.resume();
  req.on("end", () => res.writeHead(200, { "content-type": "application/json" }).end(next));
});
const EMAIL = "jane.doe@example.com";
const OTHER_EMAIL = "bob.smith@example.org";

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
  const make = async (name: string, kind: "openai" | "anthropic", options: Record<string, unknown> = {}) => {
    const upstream = kind === "openai" ? h.openai : h.anthropic;
    const c = await seedConnection(h.db, h.masterKey, { name, kind, upstreamUrl: upstream.url, credential: kind === "openai" ? h.canary.openai : h.canary.anthropic, options });
    await grant(h.db, c.id, { serviceAccountId: w.serviceAccountId });
    return c;
  };
  const req = await make("openai-req", "openai");
  const resp = await make("openai-resp", "openai");
  const anthropicResp = await make("anthropic-resp", "anthropic");
  const pseudo = await make("openai-pseudo", "openai", { pseudonymize: true });
  await seedMaskingRule(h.db, { detector: "email", directions: ["request"], connectionId: req.id });
  await seedMaskingRule(h.db, { detector: "payment_card", directions: ["request"], connectionId: req.id });
  await seedMaskingRule(h.db, { detector: "email", directions: ["response"], connectionId: resp.id });
  await seedMaskingRule(h.db, { detector: "email", directions: ["response"], connectionId: anthropicResp.id });
  await seedMaskingRule(h.db, { detector: "email", directions: ["request"], connectionId: pseudo.id });
  await new Promise<void>((resolve) => prettyUpstream.listen(0, "127.0.0.1", resolve));
  const pretty = await seedConnection(h.db, h.masterKey, { name: "openai-pretty", kind: "openai", upstreamUrl: `http://127.0.0.1:${(prettyUpstream.address() as AddressInfo).port}`, credential: h.canary.openai });
  await grant(h.db, pretty.id, { serviceAccountId: w.serviceAccountId });
  await seedMaskingRule(h.db, { detector: "email", directions: ["response"], connectionId: pretty.id });
});
afterAll(async () => {
  await h?.close();
  await new Promise((resolve) => prettyUpstream.close(resolve));
});

const openai = (connection: string) => new OpenAI({ apiKey: w.key, baseURL: `${h.url}/c/${connection}/v1`, maxRetries: 0 });

describe("request masking", () => {
  it("masks user, tool and tool-call content before the provider sees it", async () => {
    const completion = await openai("openai-req").chat.completions.create({
      model: "gpt-4o-mini",
      messages: [
        { role: "user", content: `Look up ${EMAIL}` },
        { role: "assistant", content: null, tool_calls: [{ id: "call_1", type: "function", function: { name: "crm_lookup", arguments: JSON.stringify({ email: EMAIL }) } }] },
        { role: "tool", tool_call_id: "call_1", content: `Found ${EMAIL}, card 4111 1111 1111 1111` },
        { role: "user", content: `Now email ${EMAIL}` },
      ],
    });
    const seen = h.openai.lastRequest();
    expect(seen?.rawBody).not.toContain(EMAIL);
    expect(seen?.rawBody).not.toContain("4111 1111 1111 1111");
    expect(seen?.rawBody).toContain("[EMAIL]");
    expect(seen?.rawBody).toContain("[PAYMENT_CARD]");
    expect(Number(seen?.headers["content-length"])).toBe(Buffer.byteLength(seen?.rawBody ?? ""));
    expect(completion.choices[0]?.message.content).toBe("Echo: Now email [EMAIL]");
  });
});

describe("response masking", () => {
  it("passes a JSON reply with nothing to mask through byte for byte, and re-encodes one it masked", async () => {
    // Pretty-printed, with escapes JSON.stringify would not write: only an untouched body keeps them.
    const reply = (contentJson: string) => `{\n  "id": "chatcmpl-1",\n  "object": "chat.completion",\n  "created": 1,\n  "model": "gpt-4o-mini",\n  "choices": [ { "index": 0, "message": { "role": "assistant", "content": ${contentJson} }, "finish_reason": "stop" } ]\n}\n`;
    const ask = () =>
      fetch(`${h.url}/c/openai-pretty/v1/chat/completions`, {
        method: "POST",
        headers: { authorization: `Bearer ${w.key}`, "content-type": "application/json" },
        body: JSON.stringify({ model: "gpt-4o-mini", messages: [{ role: "user", content: "hi" }] }),
      });
    next = reply('"Caf\\u00e9 at 9, path a\\/b"');
    const untouched = await ask();
    expect(untouched.status).toBe(200);
    expect(await untouched.text()).toBe(next);
    next = reply(JSON.stringify(`Write to ${OTHER_EMAIL}`));
    const masked = await ask();
    expect(masked.status).toBe(200);
    const body = await masked.text();
    expect(body).not.toContain(OTHER_EMAIL);
    expect(JSON.parse(body).choices[0].message.content).toBe("Write to [EMAIL]");
  });

  it("masks a JSON reply", async () => {
    const completion = await openai("openai-resp").chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: `[[say:Write to ${OTHER_EMAIL} today]]` }] });
    expect(completion.choices[0]?.message.content).toBe("Write to [EMAIL] today");
  });

  it("masks an address split across many streamed chunks (openai SDK and LangChain)", async () => {
    const stream = await openai("openai-resp").chat.completions.create({
      model: "gpt-4o-mini",
      stream: true,
      messages: [{ role: "user", content: `[[say:Write to ${OTHER_EMAIL} today please]] [[chunks:40]]` }],
    });
    const pieces: string[] = [];
    for await (const chunk of stream) pieces.push(chunk.choices[0]?.delta.content ?? "");
    expect(pieces.join("")).toBe("Write to [EMAIL] today please");
    expect(pieces.some((p) => p.includes("bob") || p.includes("example.org"))).toBe(false);
    // The upstream really cut the address into pieces...
    expect(h.openai.chunkTimes().length).toBeGreaterThan(30);
    // ...and only what could still become an address was held back: each word went out on its own.
    expect(pieces.filter((p) => p.length > 0)).toEqual(["Write ", "to ", "[EMAIL] ", "today ", "please"]);

    const langchain = new ChatOpenAI({ model: "gpt-4o-mini", apiKey: w.key, configuration: { baseURL: `${h.url}/c/openai-resp/v1` }, maxRetries: 0 });
    let text = "";
    for await (const chunk of await langchain.stream(`[[say:ping ${OTHER_EMAIL}]] [[chunks:25]]`)) text += String(chunk.content);
    expect(text).toBe("ping [EMAIL]");
  });

  it("masks Anthropic streams split mid-address", async () => {
    const client = new Anthropic({ apiKey: w.key, baseURL: `${h.url}/c/anthropic-resp`, maxRetries: 0 });
    const stream = client.messages.stream({ model: "claude-3-5-sonnet-latest", max_tokens: 50, messages: [{ role: "user", content: `[[say:mail ${OTHER_EMAIL} now]] [[chunks:30]]` }] });
    const final = await stream.finalText();
    expect(final).toBe("mail [EMAIL] now");
  });

  it("records only masked text", async () => {
    const events = await recordedEvents(h);
    const all = JSON.stringify(events);
    expect(all).not.toContain(EMAIL);
    expect(all).not.toContain(OTHER_EMAIL);
    expect(all).toContain("[EMAIL]");
    const chunkEvents = events.filter((e) => e.type === "exchange.chunks");
    expect(chunkEvents.length).toBeGreaterThan(0);
  });
});

describe("reversible pseudonymisation", () => {
  it("sends placeholders upstream and gives the client its own values back (whole and streamed)", async () => {
    const completion = await openai("openai-pseudo").chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: `Contact ${EMAIL} and ${OTHER_EMAIL}` }] });
    const seen = h.openai.lastRequest()?.rawBody ?? "";
    expect(seen).not.toContain(EMAIL);
    expect(seen).toMatch(/<EMAIL_1>.*<EMAIL_2>/);
    expect(completion.choices[0]?.message.content).toBe(`Echo: Contact ${EMAIL} and ${OTHER_EMAIL}`);

    const stream = await openai("openai-pseudo").chat.completions.create({ model: "gpt-4o-mini", stream: true, messages: [{ role: "user", content: `Contact ${EMAIL} [[chunks:30]]` }] });
    let text = "";
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? "";
    expect(text).toBe(`Echo: Contact ${EMAIL}`);
    const events = JSON.stringify(await recordedEvents(h));
    expect(events).not.toContain(EMAIL);
  });
});

// Hostile or broken input from either side — malformed JSON bodies, garbage server-sent events,
// malformed HTTP — never crashes the gateway, gets a clear 4xx (or a provider-shaped stream error)
// and never puts an unmasked value into a response.
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { grant, seedConnection, seedMaskingRule } from "./helpers/seed";
import { seedWorld, type World } from "./helpers/world";

const EMAIL = "victim.person@example.com";
let h: Harness;
let w: World;
let garbage: Server;
let seed = 1234567;

/** Deterministic pseudo-random numbers, so a failure can be replayed. */
function rand(n: number): number {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed % n;
}

function mutate(text: string): string {
  const chars = text.split("");
  const edits = 1 + rand(4);
  const alphabet = ['"', "{", "}", "[", "]", ",", ":", "\\", "\u0000", "é", "\n", "x"];
  for (let i = 0; i < edits; i++) {
    const at = rand(chars.length);
    const op = rand(3);
    if (op === 0) chars.splice(at, 1);
    else if (op === 1) chars.splice(at, 0, alphabet[rand(alphabet.length)]!);
    else chars[at] = alphabet[rand(alphabet.length)]!;
  }
  return chars.join("");
}

/** An upstream speaking broken SSE: bad JSON, stray fields, an address split across writes. */
function startGarbageUpstream(): Promise<Server> {
  const frames = [
    'data: {"id":"x","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"mail victim.per',
    'son@exam"}}]}\n\n',
    'data: {"choices":[{"index":0,"delta":{"content":"ple.com now"}}]}\n\n',
    "data: {not json at all " + EMAIL + "}\n\n",
    "event: weird\nid: 7\nretry: x\n: a comment\ndata: \u0000\u0001\n\n",
    'data: {"choices":"not-an-array"}\n\n',
    'data: {"choices":[{"index":"zero","delta":{"content":42,"tool_calls":"nope"}}]}\n\n',
    'data: {"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"name":"t","arguments":"{\\"to\\":\\"' + EMAIL + '\\"}"}}]},"finish_reason":"tool_calls"}]}\n\n',
    "data: [DONE]\n\n",
  ];
  const server = createServer((req, res) => {
    req.resume();
    res.writeHead(200, { "content-type": "text/event-stream" });
    let i = 0;
    const next = () => {
      if (i >= frames.length) return res.end("data: trailing-without-newline " + EMAIL);
      res.write(frames[i++]!);
      setImmediate(next);
    };
    next();
  });
  return new Promise((resolve) => server.listen(0, "127.0.0.1", () => resolve(server)));
}

beforeAll(async () => {
  h = await startHarness({ env: { AIRLOCK_MAX_BODY_BYTES: "20000" } });
  w = await seedWorld(h);
  await seedMaskingRule(h.db, { detector: "email", directions: ["request", "response"] });
  garbage = await startGarbageUpstream();
  const c = await seedConnection(h.db, h.masterKey, { name: "garbage", kind: "openai", upstreamUrl: `http://127.0.0.1:${(garbage.address() as AddressInfo).port}`, credential: "sk-garbage-credential" });
  await grant(h.db, c.id, { serviceAccountId: w.serviceAccountId });
});
afterAll(async () => {
  await h?.close();
  await new Promise<void>((resolve) => garbage?.close(() => resolve()));
});

async function post(path: string, body: string | Uint8Array, headers: Record<string, string> = {}) {
  const response = await fetch(`${h.url}${path}`, { method: "POST", headers: { authorization: `Bearer ${w.key}`, "content-type": "application/json", ...headers }, body });
  return { status: response.status, text: await response.text() };
}

describe("malformed request bodies", () => {
  it("answers mutated JSON with 400 (or a masked success), never 5xx, never echoing the address", async () => {
    const valid = JSON.stringify({ model: "gpt-4o", messages: [{ role: "user", content: `Write to ${EMAIL}` }] });
    for (let i = 0; i < 60; i++) {
      const { status, text } = await post(`/c/${w.openai.name}/v1/chat/completions`, mutate(valid));
      expect([200, 400]).toContain(status);
      // (A mutation may break the address itself, e.g. drop its dot; then it is no address.)
      expect(text).not.toContain(EMAIL);
      if (status !== 400) continue;
      // Either the gateway's own verdict on the JSON, or the provider's 400 for valid JSON it rejects.
      const error = (JSON.parse(text) as { error: { code: string | null; message: string } }).error;
      if (error.code === "invalid_request") expect(error.message).toMatch(/JSON/);
      else expect(error.message).toMatch(/required/);
    }
  });

  it("refuses JSON that is not an object, in the provider's shape", async () => {
    for (const body of ["[]", "42", '"text"', "null"]) {
      const anthropic = await post(`/c/${w.anthropic.name}/v1/messages`, body);
      expect(anthropic.status).toBe(400);
      expect(JSON.parse(anthropic.text)).toMatchObject({ type: "error", error: { type: "invalid_request_error" } });
    }
  });

  it("refuses oversize bodies with 413, declared or streamed", async () => {
    const big = JSON.stringify({ model: "m", messages: [{ role: "user", content: "x".repeat(30_000) }] });
    const declared = await post(`/c/${w.openai.name}/v1/chat/completions`, big);
    expect(declared.status).toBe(413);
    expect(JSON.parse(declared.text)).toMatchObject({ error: { code: "request_too_large" } });
    const streamed = await fetch(`${h.url}/c/${w.openai.name}/v1/chat/completions`, {
      method: "POST",
      headers: { authorization: `Bearer ${w.key}`, "content-type": "application/json" },
      body: new ReadableStream({
        start(controller) {
          for (let i = 0; i < 8; i++) controller.enqueue(new TextEncoder().encode("x".repeat(5_000)));
          controller.close();
        },
      }),
      duplex: "half",
    } as RequestInit);
    expect(streamed.status).toBe(413);
  });

  it("refuses bad paths and bad session headers with 4xx", async () => {
    for (const path of ["/c/", "/c/%zz/x", `/c/${w.rest.name}/a/../../etc`, "/v1/chat/completions", "/"]) {
      const response = await fetch(`${h.url}${path}`, { headers: { authorization: `Bearer ${w.key}` } });
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
    const badSession = await fetch(`${w.rest.baseURL}/x`, { headers: { authorization: `Bearer ${w.key}`, "x-airlock-session": "a".repeat(300) } });
    expect(badSession.status).toBe(400);
  });
});

describe("malformed HTTP", () => {
  it("answers broken request heads with 400 and keeps serving", async () => {
    const port = h.gateway.httpPort;
    const heads = ["GARBAGE\r\n\r\n", "GET /c/x HTTP/1.1\r\nHost: a\r\nBad Header Line\r\n\r\n", "POST / HTTP/1.1\r\nContent-Length: abc\r\n\r\n", "GET / HTTP/9.9\r\n\r\n"];
    for (const head of heads) {
      const reply = await new Promise<string>((resolve) => {
        const socket = connect(port, "127.0.0.1", () => socket.end(head));
        let data = "";
        socket.on("data", (d) => (data += d.toString()));
        socket.on("close", () => resolve(data));
        socket.on("error", () => resolve(data));
      });
      expect(reply).toMatch(/^HTTP\/1\.1 4\d\d/);
    }
    const ok = await fetch(`${w.rest.baseURL}/still-alive`, { headers: { authorization: `Bearer ${w.key}` } });
    expect(ok.status).toBe(200);
  });
});

describe("malformed upstream streams", () => {
  it("survives garbage SSE, masks the address split across writes and in broken events", async () => {
    for (let i = 0; i < 3; i++) {
      const { status, text } = await post("/c/garbage/v1/chat/completions", JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "go" }] }));
      expect(status).toBe(200);
      expect(text).not.toContain(EMAIL);
      expect(text).not.toContain("victim.per");
      expect(text).toContain("[EMAIL]");
    }
    const ok = await fetch(`${w.rest.baseURL}/still-alive`, { headers: { authorization: `Bearer ${w.key}` } });
    expect(ok.status).toBe(200);
  });
});

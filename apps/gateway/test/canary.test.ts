// The real upstream credentials (canaries) reach the upstream and nowhere else: not in responses
// (even when an upstream echoes them back), not in a single log line, not in the recordings.
import OpenAI from "openai";
import Anthropic from "@anthropic-ai/sdk";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { recordedEvents, seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;
const responses: string[] = [];

beforeAll(async () => {
  h = await startHarness({ env: { AIRLOCK_LOG_LEVEL: "trace" } });
  w = await seedWorld(h);
});
afterAll(async () => h?.close());

async function capture(response: Response): Promise<void> {
  responses.push(JSON.stringify([...response.headers.entries()]), await response.text());
}

describe("canary credentials", () => {
  it("are used upstream", async () => {
    const openai = new OpenAI({ apiKey: w.key, baseURL: w.openai.baseURL, maxRetries: 0 });
    await openai.chat.completions.create({ model: "gpt-4o", messages: [{ role: "user", content: "hello" }] });
    expect(h.openai.lastRequest()?.headers.authorization).toBe(`Bearer ${h.canary.openai}`);
    const anthropic = new Anthropic({ apiKey: w.key, baseURL: w.anthropic.baseURL, maxRetries: 0 });
    await anthropic.messages.create({ model: "claude-3-5-sonnet-latest", max_tokens: 10, messages: [{ role: "user", content: "hello" }] });
    expect(h.anthropic.lastRequest()?.headers["x-api-key"]).toBe(h.canary.anthropic);
  });

  it("never come back to the client, even from an upstream that echoes them", async () => {
    const auth = { authorization: `Bearer ${w.key}` };
    await capture(await fetch(`${w.rest.baseURL}/echo?q=1`, { headers: auth }));
    await capture(await fetch(`${w.rest.baseURL}/echo`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: '{"a":1}' }));
    await capture(await fetch(`${w.openai.baseURL}/chat/completions`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ model: "m", stream: true, messages: [{ role: "user", content: "x [[chunks:5]]" }] }) }));
    await capture(await fetch(`${w.openai.baseURL}/chat/completions`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify({ model: "m", messages: [{ role: "user", content: "[[fail:500]]" }] }) }));
    await capture(await fetch(`${w.anthropic.baseURL}/v1/messages`, { method: "POST", headers: { ...auth, "content-type": "application/json", "anthropic-version": "2023-06-01" }, body: "{not json" }));
    const echoed = JSON.parse(responses[1]!) as { headers: Record<string, string> };
    expect(echoed.headers.authorization).toBe("Bearer [REDACTED]");
    for (const text of responses) {
      for (const canary of Object.values(h.canary)) expect(text).not.toContain(canary);
    }
  });

  it("appear in no log line and no recording", async () => {
    const events = JSON.stringify(await recordedEvents(h));
    const logs = h.logs.text;
    expect(h.logs.lines.length).toBeGreaterThan(5);
    expect(h.logs.lines.every((line) => JSON.parse(line) && true)).toBe(true);
    for (const canary of Object.values(h.canary)) {
      expect(logs).not.toContain(canary);
      expect(events).not.toContain(canary);
    }
    expect(logs).not.toContain(w.key);
    expect(events).not.toContain(w.key);
  });
});

// The runnable example in examples/langchain-agent.ts, run as a user would run it, against a real
// gateway and the local OpenAI-compatible upstream: a tool call, the tool's result, the answer.
import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { recordedEvents, seedWorld, type World } from "./helpers/world";

const examples = path.resolve(import.meta.dirname, "../../../examples");
let h: Harness;
let w: World;

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
});
afterAll(async () => h?.close());

function runAgent(question: string, env: Record<string, string>): Promise<{ code: number | null; out: string }> {
  return new Promise((resolve) => {
    const child = spawn(path.join(examples, "node_modules/.bin/tsx"), ["langchain-agent.ts", question], {
      cwd: examples,
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    child.stdout.on("data", (d: Buffer) => (out += d));
    child.stderr.on("data", (d: Buffer) => (out += d));
    child.on("exit", (code) => resolve({ code, out }));
  });
}

describe("examples/langchain-agent.ts through Airlock", () => {
  it("calls the tool, streams the answer, and the run is recorded as one session", async () => {
    const { code, out } = await runAgent('Weather in Paris? [[tool:get_weather {"city":"Paris"}]]', {
      AIRLOCK_URL: h.url,
      AIRLOCK_CONNECTION: w.openai.name,
      AIRLOCK_KEY: w.key,
    });
    expect(out).toContain('[tool get_weather({"city":"Paris"}) → It is 21°C and sunny in Paris.]');
    expect(out).toContain("Tool result: It is 21°C and sunny in Paris.");
    expect(code).toBe(0);
    const requests = (await recordedEvents(h)).filter((e) => e.type === "exchange.request");
    expect(requests.length).toBeGreaterThanOrEqual(2);
    expect(new Set(requests.map((e) => e.sessionId)).size).toBe(1);
  });

  it("explains what is missing when no key is given", async () => {
    const { code, out } = await runAgent("hi", { AIRLOCK_URL: h.url, AIRLOCK_KEY: "" });
    expect(code).toBe(2);
    expect(out).toContain("Set AIRLOCK_KEY");
  });
});

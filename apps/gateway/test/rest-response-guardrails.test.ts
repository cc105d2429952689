// Response text rules on connections of kind http: a JSON reply whose string values match is
// refused with a 403 before any of it is sent; a plain-text body is cut before the match (the text
// before it arrives); a server-sent event that matches is not sent and the stream ends with an
// error event. Every block is recorded. Replies without a match pass as before.
import { randomUUID } from "node:crypto";
import { createParser } from "eventsource-parser";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarness, type Harness } from "./helpers/harness";
import { grant, seedConnection, seedGuardrail } from "./helpers/seed";
import { recordedEvents, seedWorld, type World } from "./helpers/world";

let h: Harness;
let w: World;
let baseURL: string;

beforeAll(async () => {
  h = await startHarness();
  w = await seedWorld(h);
  // At the upstream's root, where its /stream and /events routes are.
  const rest = await seedConnection(h.db, h.masterKey, { name: "rest-guarded", kind: "http", upstreamUrl: h.rest.url, credential: h.canary.rest });
  await grant(h.db, rest.id, { serviceAccountId: w.serviceAccountId });
  baseURL = `${h.url}/c/${rest.name}`;
  await seedGuardrail(h.db, { name: "No launch codes", kind: "prompt", directions: ["response"], pattern: "launch code \\d{6}", connectionId: rest.id });
  await seedGuardrail(h.db, { name: "Nothing past two", kind: "prompt", directions: ["response"], pattern: "chunk 3", connectionId: rest.id });
});
afterAll(async () => h?.close());

function request(path: string, init: RequestInit = {}) {
  const session = `rest-guard-${randomUUID()}`;
  const response = fetch(`${baseURL}${path}`, {
    ...init,
    headers: { authorization: `Bearer ${w.key}`, "x-airlock-session": session, ...(init.headers as Record<string, string>) },
  });
  return { session, response };
}

/** Everything the client received before the body ended or the connection was cut. */
async function readUntilCut(response: Response): Promise<{ text: string; cut: boolean }> {
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = "";
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return { text, cut: false };
      text += decoder.decode(value, { stream: true });
    }
  } catch {
    return { text, cut: true };
  }
}

async function blocksOf(session: string) {
  const events = await recordedEvents(h);
  const row = await h.db.recordedSession.findFirstOrThrow({ where: { clientKey: session } });
  return events.filter((e) => e.sessionId === row.id && e.type === "guardrail.block").map((e) => e.payload);
}

describe("response text rules on a REST connection", () => {
  it("refuse a JSON reply whose values match, with a 403 that carries none of it", async () => {
    const { session, response } = request("/notes", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ note: "the launch code 482913 is in the safe" }),
    });
    const res = await response;
    const body = await res.text();
    expect(res.status).toBe(403);
    expect(body).toContain("No launch codes");
    expect(body).not.toContain("482913");
    expect(await blocksOf(session)).toEqual([expect.objectContaining({ direction: "response", ruleName: "No launch codes", subject: { kind: "message" } })]);
  });

  it("pass a JSON reply without a match unchanged", async () => {
    const res = await request("/notes", { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ note: "all clear" }) }).response;
    expect(res.status).toBe(200);
    expect(((await res.json()) as { json: unknown }).json).toEqual({ note: "all clear" });
  });

  it("cut a plain-text body just before the match: the text before it arrives, nothing of the match", async () => {
    const { session, response } = request("/stream?chunks=5");
    const res = await response;
    expect(res.status).toBe(200);
    expect(await readUntilCut(res)).toEqual({ text: "chunk 1\nchunk 2\n", cut: true });
    expect(await blocksOf(session)).toEqual([expect.objectContaining({ direction: "response", ruleName: "Nothing past two" })]);
    const events = await recordedEvents(h);
    const row = await h.db.recordedSession.findFirstOrThrow({ where: { clientKey: session } });
    const end = events.find((e) => e.sessionId === row.id && e.type === "exchange.end")?.payload as { error?: { code: string } };
    expect(end.error?.code).toBe("guardrail_blocked");
  });

  it("stop a server-sent event stream at the event that matches, with an error event", async () => {
    const { session, response } = request(`/events?say=${encodeURIComponent("hello|the launch code 482913|after")}`);
    const res = await response;
    const raw = await res.text();
    const events: { event?: string | undefined; data: string }[] = [];
    const parser = createParser({ onEvent: (e) => events.push({ event: e.event, data: e.data }) });
    parser.feed(raw);
    expect(JSON.parse(events[0]!.data)).toEqual({ text: "hello" });
    expect(events).toHaveLength(2);
    expect(JSON.parse(events[1]!.data)).toMatchObject({ error: { code: "guardrail_blocked" } });
    expect(raw).not.toContain("482913");
    expect(raw).not.toContain("after");
    expect(await blocksOf(session)).toEqual([expect.objectContaining({ direction: "response", ruleName: "No launch codes" })]);
  });
});

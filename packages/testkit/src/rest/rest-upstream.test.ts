import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import type { FakeUpstream } from "../http/fake-server";
import { startRestUpstream, type RestEcho } from "./rest-upstream";

let upstream: FakeUpstream;

beforeAll(async () => {
  upstream = await startRestUpstream();
});
afterAll(() => upstream.close());

describe("REST upstream", () => {
  it("echoes method, path, query, headers and body", async () => {
    const response = await fetch(`${upstream.url}/customers/42?expand=orders&tag=a&tag=b`, {
      method: "PATCH",
      headers: { "content-type": "application/json", authorization: "Bearer upstream-token" },
      body: JSON.stringify({ email: "ada@example.com" }),
    });
    const echo = (await response.json()) as RestEcho;
    expect(echo).toMatchObject({
      method: "PATCH",
      path: "/customers/42",
      query: { expand: "orders", tag: ["a", "b"] },
      body: '{"email":"ada@example.com"}',
      json: { email: "ada@example.com" },
    });
    expect(echo.headers.authorization).toBe("Bearer upstream-token");
    expect(upstream.lastRequest()?.method).toBe("PATCH");
  });

  it("answers /status/:code with that status", async () => {
    expect((await fetch(`${upstream.url}/status/418`)).status).toBe(418);
    const noContent = await fetch(`${upstream.url}/status/204`, { method: "DELETE" });
    expect(noContent.status).toBe(204);
  });

  it("streams chunked text from /stream, recording each write", async () => {
    const response = await fetch(`${upstream.url}/stream?chunks=3`);
    expect(response.headers.get("transfer-encoding")).toBe("chunked");
    expect(await response.text()).toBe("chunk 1\nchunk 2\nchunk 3\n");
    expect(upstream.lastRequest()?.emits.map((e) => e.data)).toEqual(["chunk 1\n", "chunk 2\n", "chunk 3\n"]);
  });

  it("sends one server-sent event per piece from /events", async () => {
    const response = await fetch(`${upstream.url}/events?say=${encodeURIComponent("one|two words")}`);
    expect(response.headers.get("content-type")).toBe("text/event-stream");
    expect(await response.text()).toBe('data: {"text":"one"}\n\ndata: {"text":"two words"}\n\n');
  });

  it("holds /slow until the delay passes, and notices a client that gives up", async () => {
    const controller = new AbortController();
    const pending = fetch(`${upstream.url}/slow?ms=60000`, { signal: controller.signal });
    await vi.waitFor(() => expect(upstream.lastRequest()?.path).toBe("/slow"));
    controller.abort();
    await expect(pending).rejects.toThrow();
    await upstream.waitForAborted(1);
    expect(upstream.lastRequest()?.path).toBe("/slow");
  });

  it("rejects requests without the required credential", async () => {
    const guarded = await startRestUpstream({ requiredAuth: { header: "x-service-key", value: "k1" } });
    try {
      expect((await fetch(`${guarded.url}/anything`)).status).toBe(401);
      expect((await fetch(`${guarded.url}/anything`, { headers: { "x-service-key": "k1" } })).status).toBe(200);
    } finally {
      await guarded.close();
    }
  });
});
